"""The appended snapshots, to read what upstream answered and which parser read it."""
from django.contrib import admin

from beat.admin.display import pretty_json
from beat.admin.stored import StoredDataAdmin
from instagram.models import PostLog, ProfileLog


class SnapshotAdmin(StoredDataAdmin):
    list_filter = ("kind", "source", "parser_version")
    ordering = ("-id",)
    readonly_fields = ("dimensions_json", "metrics_json", "raw_json")
    exclude = ("dimensions", "metrics", "raw")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        listing = request.resolver_match and request.resolver_match.url_name.endswith("_changelist")
        return queryset.defer(*self.exclude) if listing else queryset  # payloads can be large

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name not in self.exclude]

    @admin.display(description="dimensions")
    def dimensions_json(self, log):
        return pretty_json(log.dimensions)

    @admin.display(description="metrics")
    def metrics_json(self, log):
        return pretty_json(log.metrics)

    @admin.display(description="raw payload")
    def raw_json(self, log):
        return pretty_json(log.raw)


@admin.register(ProfileLog)
class ProfileLogAdmin(SnapshotAdmin):
    list_display = ("handle", "profile_id", "kind", "source", "timestamp", "task_id", "parser_version")
    search_fields = ("^handle", "=profile_id", "=task_id")


@admin.register(PostLog)
class PostLogAdmin(SnapshotAdmin):
    list_display = ("shortcode", "profile_id", "kind", "source", "timestamp", "task_id", "parser_version")
    search_fields = ("=shortcode", "=profile_id", "=task_id")

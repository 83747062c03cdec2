"""The outbox, read-only: what was emitted, whether the broker confirmed it, and its last error."""
from django.contrib import admin

from beat.models_events import OutboxEvent


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["id", "routing_key", "exchange", "account_id", "created_at", "published_at", "dispatched_at",
                    "attempts", "last_error"]
    list_filter = ["routing_key", "exchange", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["event_id"]
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""What every admin page over upstream data (each platform's accounts, posts and logs) shares: rows
written by workers are shown, never edited, and a change page can link to a history chart drawn from
the snapshots (beat.admin.history)."""

from django.contrib import admin

from beat.admin.history import HistoryChartsMixin


class StoredDataAdmin(HistoryChartsMixin, admin.ModelAdmin):
    """Read-only pages over upstream data; subclasses with history_charts() get a chart page."""

    show_full_result_count = False  # one COUNT(*) per page is enough on big tables
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *(f.name for f in self.model._meta.concrete_fields)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

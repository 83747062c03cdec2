"""Tasks (ScrapeRequestLog) in the admin: find them, read them, requeue / cancel / run them now.

Everything a worker writes is read-only here; changes go through beat.queue.services, the same
calls the API and the commands make, so the admin can never put a task in a state they refuse.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import path
from django.utils.html import format_html

from beat.admin.display import pretty_json
from beat.admin.reports import ReportFilter, report_files
from beat.errors import BeatError
from beat.flows import all_flows
from beat.models import ScrapeRequestLog, Status
from beat.queue import services

STATUS_COLOURS = {
    Status.PENDING: "#6c757d", Status.PROCESSING: "#0d6efd", Status.COMPLETE: "#198754",
    Status.PARTIAL: "#d39e00", Status.FAILED: "#dc3545", Status.TIMEOUT: "#a52834",
    Status.CANCELLED: "#495057", Status.EXPIRED: "#495057",
}
MAX_REFUSALS_SHOWN = 10


class FlowFilter(admin.SimpleListFilter):
    """Flow names come from the registry: no DISTINCT scan of the task table to build the list."""

    title = "flow"
    parameter_name = "flow"

    def lookups(self, request, model_admin):
        return [(entry.name, entry.name) for entry in all_flows()]

    def queryset(self, request, queryset):
        return queryset.filter(flow=self.value()) if self.value() else queryset


@admin.register(ScrapeRequestLog)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("id", "flow", "platform", "coloured_status", "priority", "attempts_of_max", "account",
                    "created_at", "picked_at", "scraped_at")
    list_filter = (FlowFilter, ReportFilter, "status", "platform", "account", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("account",)
    search_fields = ("=flow", "=idempotency_key")
    search_help_text = "A task id, a flow name or an idempotency key (exact)."
    ordering = ("-id",)
    show_full_result_count = False  # one COUNT(*) per page is enough on a big table
    list_per_page = 50
    actions = ("requeue_tasks", "cancel_tasks", "run_tasks_now")
    fieldsets = (
        (None, {"fields": ("id", "flow", "platform", "queue", "coloured_status", "account", "priority",
                           "idempotency_key")}),
        ("Work", {"fields": ("params_json", "files", "data_json", "error_json")}),
        ("Attempts and timing", {"fields": ("attempts", "max_attempts", "worker", "created_at", "picked_at",
                                            "scraped_at", "retry_at", "expires_at", "lease_until",
                                            "updated_at")}),
    )
    readonly_fields = tuple(field for group in fieldsets for field in group[1]["fields"])

    def has_add_permission(self, request):
        return False  # tasks come from the API, `manage.py enqueue`, schedules and messages

    def get_urls(self):
        from beat.admin.registry import flow_registry_view

        view = self.admin_site.admin_view(flow_registry_view(self.admin_site))
        return [path("flows/", view, name="beat_flow_registry"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        services.expire_overdue()  # no PENDING task past its expiry on the page (maintenance may lag)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if str(object_id).isdigit():
            services.expire_overdue(ScrapeRequestLog.objects.filter(pk=int(object_id)))
        # read-only record: no save buttons, the actions are on the list
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip().lstrip("#")
        if term.isdigit():
            return queryset.filter(Q(pk=int(term)) | Q(idempotency_key=term)), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="status", ordering="status")
    def coloured_status(self, task):
        return format_html('<b style="color: {}">{}</b>', STATUS_COLOURS.get(task.status, "inherit"), task.status)

    @admin.display(description="attempts")
    def attempts_of_max(self, task):
        return f"{task.attempts}/{task.max_attempts}"

    @admin.display(description="params")
    def params_json(self, task):
        return pretty_json(task.params)

    @admin.display(description="report files")
    def files(self, task):
        return report_files(task)

    @admin.display(description="result (data)")
    def data_json(self, task):
        return pretty_json(task.data)

    @admin.display(description="error")
    def error_json(self, task):
        return pretty_json(task.error)

    @admin.action(description="Requeue selected tasks (FAILED, TIMEOUT, PARTIAL, CANCELLED)",
                  permissions=["change"])
    def requeue_tasks(self, request, queryset):
        self._apply(request, queryset, services.requeue, "Requeued")

    @admin.action(description="Cancel selected tasks (PENDING only)", permissions=["change"])
    def cancel_tasks(self, request, queryset):
        self._apply(request, queryset, services.cancel, "Cancelled")

    @admin.action(description="Run selected tasks now", permissions=["change"])
    def run_tasks_now(self, request, queryset):
        self._apply(request, queryset, services.run_now, "Woke")

    def _apply(self, request, queryset, change, verb: str) -> None:
        done, refused = 0, []
        for task in queryset.order_by("id"):
            try:
                change(task)
                done += 1
            except BeatError as exc:
                refused.append(exc.message)
        if done:
            self.message_user(request, f"{verb} {done} task{'s' if done != 1 else ''}.", messages.SUCCESS)
        if refused:
            shown = " ".join(refused[:MAX_REFUSALS_SHOWN])
            more = f" (and {len(refused) - MAX_REFUSALS_SHOWN} more)" if len(refused) > MAX_REFUSALS_SHOWN else ""
            self.message_user(request, f"Refused {len(refused)}: {shown}{more}", messages.WARNING)

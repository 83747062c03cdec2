"""Report tasks in the task admin: a filter for the tasks that wrote files, and their files as links
to the download route (the same route clients use; staff may open every task's files)."""
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from beat.reports.links import download_link


class ReportFilter(admin.SimpleListFilter):
    title = "report files"
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("yes", "Reports (tasks that wrote files)")]

    def queryset(self, request, queryset):
        return queryset.filter(data__has_key="files") if self.value() == "yes" else queryset


def report_files(task) -> str:
    files = ((task.data or {}).get("files") or {}) if isinstance(task.data, dict) else {}
    if not files:
        return "-"
    rows = (task.data.get("rows") or {})
    return format_html("<ul>{}</ul>", format_html_join(
        "", '<li><a href="{}">{}</a>: {} ({} rows)</li>',
        ((download_link(task.pk, key), key, name, rows.get(key, "?")) for key, name in files.items())))

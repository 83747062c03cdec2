"""What every admin page over upstream data (each platform's accounts, posts, logs) shares: rows written
by workers are shown, never edited, and a change page can link to a history chart drawn from the
snapshots."""
import json

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from beat.admin.charts import line_chart

CHART_POINTS = 365


def pretty_json(value):
    if value in (None, {}, []):
        return "-"
    return format_html('<pre style="white-space: pre-wrap; margin: 0">{}</pre>',
                       json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))


def chart_html(points, label: str) -> str:
    return render_to_string("admin/beat/line_chart.html", {"chart": line_chart(points), "label": label})


class StoredDataAdmin(admin.ModelAdmin):
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

    def history_charts(self, obj) -> list[tuple[str, list]]:
        """[(label, [(time, value), ...] oldest first)]; none by default."""
        return []

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.chart_view)
        return [path("<path:object_id>/chart/", view, name="%s_%s_chart" % info), *super().get_urls()]

    def chart_view(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        info = self.opts.app_label, self.opts.model_name
        context = {**self.admin_site.each_context(request), "opts": self.opts, "object": obj,
                   "title": f"History of {obj}", "changelist_url": "admin:%s_%s_changelist" % info,
                   "change_url": reverse("admin:%s_%s_change" % info, args=[obj.pk]),
                   "charts": [{"label": label, "chart": line_chart(points)}
                              for label, points in self.history_charts(obj)]}
        return TemplateResponse(request, "admin/beat/history.html", context)

    def chart_link(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return format_html('<a href="{}">Full history chart</a>', reverse("admin:%s_%s_chart" % info, args=[obj.pk]))

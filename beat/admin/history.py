"""History charts for any admin page of a platform entity (an Instagram account or post, later a
YouTube channel): a ModelAdmin mixing this in and returning its series from history_charts() gets a
chart inline on its change page (chart_html) and a full chart page at <object>/chart/."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from beat.admin.charts import line_chart


def chart_html(points, label: str) -> str:
    """One line chart (points (time, value), oldest first), or a line saying there is none yet."""
    return render_to_string("admin/charts/line.html", {"chart": line_chart(points), "label": label})


class HistoryChartsMixin:
    """For a ModelAdmin: history_charts(obj) -> [(label, [(time, value), ...] oldest first)]."""

    def history_charts(self, obj) -> list[tuple[str, list]]:
        return []

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.chart_view)
        return [path("<path:object_id>/chart/", view, name="%s_%s_chart" % info), *super().get_urls()]

    def chart_view(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        info = self.opts.app_label, self.opts.model_name
        context = {**self.admin_site.each_context(request), "opts": self.opts, "object": obj,
                   "title": f"History of {obj}", "changelist_url": "admin:%s_%s_changelist" % info,
                   "change_url": reverse("admin:%s_%s_change" % info, args=[obj.pk]),
                   "charts": [{"label": label, "chart": line_chart(points)}
                              for label, points in self.history_charts(obj)]}
        return TemplateResponse(request, "admin/charts/history.html", context)

    def chart_link(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return format_html('<a href="{}">Full history chart</a>', reverse("admin:%s_%s_chart" % info, args=[obj.pk]))

"""A read-only admin page of the flow registry: each flow's settings and its queue counts, and each
upstream source's calls and errors over the last day (from the calls beat.http records).

Served under the task admin's URLs (/admin/beat/scraperequestlog/flows/, staff only through
admin_view) and listed on the admin index beside the tasks, without a model of its own.
"""
from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from beat.flows import ANYONE, all_flows
from beat.models import ScrapeRequestLog, Status
from beat.selectors import upstream_call_counts

COUNTED = (Status.PENDING, Status.PROCESSING, Status.FAILED)
UPSTREAM_WINDOW = timedelta(days=1)
# the page shows every flow's task counts: it needs what the task list needs
VIEW_PERMISSION = "beat.view_scraperequestlog"


def status_counts() -> dict[str, dict[str, int]]:
    """{flow: {status: n}} for the counted statuses, in one grouped query."""
    rows = (ScrapeRequestLog.objects.filter(status__in=COUNTED)
            .values("flow", "status").annotate(n=Count("id")).order_by())
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["flow"], {})[row["status"]] = row["n"]
    return counts


def registry_rows() -> list[dict]:
    counts = status_counts()
    return [{"flow": entry, "submitters": _who(entry),
             **{status.lower(): counts.get(entry.name, {}).get(status, 0) for status in COUNTED}}
            for entry in all_flows()]


def _who(entry) -> str:
    return "anyone" if entry.submitters == ANYONE else ", ".join(sorted(r.value for r in entry.submitters))


def flow_registry_view(site):
    def view(request):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        context = {**site.each_context(request), "title": "Flow registry", "rows": registry_rows(),
                   "upstream": upstream_call_counts(since=timezone.now() - UPSTREAM_WINDOW),
                   "tasks_url": reverse(f"{site.name}:beat_scraperequestlog_changelist")}
        return TemplateResponse(request, "admin/beat/flow_registry.html", context)

    return view


def _index_entry(site) -> dict:
    return {"name": "Flow registry", "object_name": "FlowRegistry", "perms": {"view": True},
            "admin_url": reverse(f"{site.name}:beat_flow_registry"), "add_url": None, "view_only": True}


def list_registry_on_index(site) -> None:
    """Add the registry page to the Beat section of the admin index, for whoever may view tasks."""
    build = site.get_app_list

    def get_app_list(request, app_label=None):
        app_list = build(request, app_label)
        if request.user.is_active and request.user.has_perm(VIEW_PERMISSION) and app_label in (None, "beat"):
            beat = next((app for app in app_list if app["app_label"] == "beat"), None)
            if beat is not None:
                beat["models"].append(_index_entry(site))
                beat["models"].sort(key=lambda entry: entry["name"])
        return app_list

    site.get_app_list = get_app_list


list_registry_on_index(admin.site)

"""The admin dashboard (/admin/dashboard/): what Beat is doing and what is wrong, at a glance.

Panels come from beat.dashboard's registry; each costs a fixed number of queries, so the page's cost
does not grow with the tasks, flows, calls or credentials stored. Staff who may view tasks only.
"""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from beat.dashboard import all_panels

VIEW_PERMISSION = "beat.view_scraperequestlog"


def dashboard_view(site):
    def view(request):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        now = timezone.now()
        tasks_url = reverse(f"{site.name}:beat_scraperequestlog_changelist")
        panels = [{"name": p.name, "title": p.title,
                   "html": render_to_string(p.template, {**p.build(now), "tasks_url": tasks_url}, request)}
                  for p in all_panels()]
        context = {**site.each_context(request), "title": "Dashboard", "panels": panels, "now": now}
        return TemplateResponse(request, "admin/dashboard/page.html", context)

    return view


def install(site) -> None:
    """Serve the dashboard at <admin>/dashboard/ and list it first in the Beat section of the index."""
    urls = site.get_urls

    def get_urls():
        return [path("dashboard/", site.admin_view(dashboard_view(site)), name="dashboard"), *urls()]

    build = site.get_app_list

    def get_app_list(request, app_label=None):
        app_list = build(request, app_label)
        if request.user.is_active and request.user.has_perm(VIEW_PERMISSION) and app_label in (None, "beat"):
            beat = next((app for app in app_list if app["app_label"] == "beat"), None)
            if beat is not None:
                beat["models"].insert(0, {"name": "Dashboard", "object_name": "Dashboard", "perms": {"view": True},
                                          "admin_url": reverse(f"{site.name}:dashboard"), "add_url": None,
                                          "view_only": True})
        return app_list

    site.get_urls, site.get_app_list = get_urls, get_app_list


install(admin.site)

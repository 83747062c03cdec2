"""Every route of the task API, mounted at "" by beat/urls.py."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from beat.api import schema  # noqa: F401  (registers the Api-Key scheme with drf-spectacular)
from beat.api.views.files import TaskFileView
from beat.api.views.heartbeat import HeartbeatView
from beat.api.views.lists import AccountTaskListView
from beat.api.views.tasks import SubmitTaskView, TaskDetailView, UpdateTaskView

urlpatterns = [
    # GET by id and POST by flow share a prefix; the int converter sends numbers to the task.
    path("scrape_request_log/flow/update/<int:task_id>", UpdateTaskView.as_view(), name="task-update"),
    path("scrape_request_log/flow/<int:task_id>", TaskDetailView.as_view(), name="task-detail"),
    path("scrape_request_log/flow/<int:task_id>/files/<slug:key>", TaskFileView.as_view(), name="task-file"),
    path("scrape_request_log/flow/<str:flow>", SubmitTaskView.as_view(), name="task-submit"),
    # account ids are slugs: anything else (a NUL PostgreSQL would refuse) is a plain 404
    path("list_scrape_data/<slug:account_id>", AccountTaskListView.as_view(), name="task-list"),
    path("heartbeat", HeartbeatView.as_view(), name="heartbeat"),
    # Public: the routes and shapes are no secret, and client developers read them without a session.
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema", permission_classes=[AllowAny]),
         name="docs"),
    path("", include("credentials.api.urls")),  # POST /tokens, GET /token/validate
    path("", include("youtube.api.urls")),  # YOUTUBE's /profiles, /posts, /recent/posts; /youtube/channel
    path("", include("instagram.api.urls")),  # /profiles, /posts, /recent/posts for INSTAGRAM
    path("", include("enrichment.api.urls")),  # /post_collections, /sentiment
    path("", include("shopify.api.urls")),  # /shopify/stores/{store}/orders
    path("", include("webhooks.api.urls")),  # /webhooks of an account
    path("", include("assets.api.urls")),  # /assets/{entity_id}
]

"""Beat's routes plus two bare DRF views answering a constant, for bench/ingest_api.py.

/bench/bare goes through the project's defaults (API-key authentication, the per-key throttle,
IsAuthenticated); /bench/bare-open has no authentication, permission or throttle at all.
"""
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class BareView(APIView):
    def get(self, request):
        return Response({"ok": True})


class BareOpenView(BareView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []


urlpatterns = [
    path("bench/bare", BareView.as_view()),
    path("bench/bare-open", BareOpenView.as_view()),
    path("", include("beat.urls")),
]

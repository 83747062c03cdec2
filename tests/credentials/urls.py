"""The project's routes plus the credentials routes, until beat/api/urls.py includes them."""
from django.urls import include, path

urlpatterns = [
    path("", include("credentials.api.urls")),
    path("", include("beat.urls")),
]

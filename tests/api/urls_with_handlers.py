"""beat.urls plus the JSON handler404/handler500 of beat.api.errors and a view that breaks."""
from django.urls import path

from beat.urls import urlpatterns as beat_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*beat_urlpatterns, path("broken", broken)]
handler404 = "beat.api.errors.not_found"
handler500 = "beat.api.errors.server_error"

from django.contrib import admin
from django.urls import include, path

handler404 = "beat.api.errors.not_found"
handler500 = "beat.api.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("beat.api.urls")),
]

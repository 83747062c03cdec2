"""Mounted at "" by beat/api/urls.py: path("", include("credentials.api.urls"))."""
from django.urls import path

from credentials.api.views import TokenValidateView, TokenView

urlpatterns = [
    path("tokens", TokenView.as_view(), name="tokens"),
    path("token/validate", TokenValidateView.as_view(), name="token-validate"),
]

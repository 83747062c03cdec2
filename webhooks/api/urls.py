"""Webhook routes, mounted at "" by beat/api/urls.py."""
from django.urls import path

from webhooks.api.views import EndpointDetailView, EndpointListView

urlpatterns = [
    path("webhooks", EndpointListView.as_view(), name="webhooks"),
    path("webhooks/<int:endpoint_id>", EndpointDetailView.as_view(), name="webhook-detail"),
]

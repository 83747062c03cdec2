"""Mounted at "" by beat/api/urls.py: path("", include("enrichment.api.urls"))."""
from django.urls import path

from enrichment.api import views

urlpatterns = [
    path("post_collections", views.CollectionListView.as_view(), name="post-collections"),
    path("post_collections/<uuid:collection_id>", views.CollectionDetailView.as_view(), name="post-collection"),
    path("post_collections/<uuid:collection_id>/posts", views.CollectionPostsView.as_view(),
         name="post-collection-posts"),
    path("post_collections/<uuid:collection_id>/posts/<str:shortcode>", views.CollectionPostView.as_view(),
         name="post-collection-post"),
    path("sentiment/<str:platform>/posts/<str:shortcode>", views.PostSentimentView.as_view(), name="post-sentiment"),
    path("sentiment/<str:platform>/profiles/<str:profile_id>", views.ProfileSentimentView.as_view(),
         name="profile-sentiment"),
]

"""The Instagram routes (the FastAPI Beat's paths), mounted at "" by beat/api/urls.py."""
from django.urls import path

from instagram.api.views.history import ProfileHistoryView
from instagram.api.views.insights import AudienceInsightsView, InsightsView
from instagram.api.views.posts import PostByShortcodeView, PostByTypeView, RecentPostsView
from instagram.api.views.profiles import (ProfileByHandleView, ProfileByIdView, ProfileByProfileIdView,
                                          SocialProfileServiceView)

urlpatterns = [
    path("profiles/<str:platform>/byhandle/<str:handle>", ProfileByHandleView.as_view(), name="profile-by-handle"),
    path("social-profile-service/<str:platform>/byhandle/<str:handle>", SocialProfileServiceView.as_view(),
         name="social-profile-by-handle"),
    path("profiles/<str:platform>/byprofileid/<str:profile_id>", ProfileByProfileIdView.as_view(),
         name="profile-by-profile-id"),
    path("profiles/<str:platform>/byid/<int:id>", ProfileByIdView.as_view(), name="profile-by-id"),
    path("profiles/<str:platform>/byhandle/<str:handle>/history", ProfileHistoryView.as_view(),
         name="profile-history"),
    path("profiles/<str:platform>/byhandle/<str:handle>/insights", InsightsView.as_view(), name="profile-insights"),
    path("profiles/<str:platform>/byhandle/<str:handle>/audienceinsights", AudienceInsightsView.as_view(),
         name="profile-audience-insights"),
    # byshortcode before {post_type}: the literal would otherwise read as a post type
    path("posts/<str:platform>/byshortcode/<str:shortcode>", PostByShortcodeView.as_view(), name="post-by-shortcode"),
    path("posts/<str:platform>/<str:post_type>/<str:shortcode>", PostByTypeView.as_view(), name="post-by-type"),
    path("recent/posts/<str:platform>/byprofileid/<str:profile_id>", RecentPostsView.as_view(), name="recent-posts"),
]

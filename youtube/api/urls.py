"""The YouTube routes (the FastAPI Beat's paths), mounted before Instagram's by beat/api/urls.py: the
`youtube` converter takes the platform segment only when it says YouTube, in any case. It is named
{youtube} rather than {platform} so the OpenAPI schema lists these routes apart from Instagram's."""
from django.urls import path, register_converter

from youtube.api import views


class YouTubePlatform:
    regex = "[Yy][Oo][Uu][Tt][Uu][Bb][Ee]"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value


register_converter(YouTubePlatform, "youtube")

urlpatterns = [
    path("profiles/<youtube:youtube>/byhandle/<str:handle>", views.ChannelByHandleView.as_view(),
         name="yt-channel-by-handle"),
    path("social-profile-service/<youtube:youtube>/byhandle/<str:handle>", views.SocialProfileServiceView.as_view(),
         name="yt-social-channel-by-handle"),
    path("profiles/<youtube:youtube>/byprofileid/<str:channel_id>", views.ChannelByProfileIdView.as_view(),
         name="yt-channel-by-profile-id"),
    path("profiles/<youtube:youtube>/byid/<str:channel_id>", views.ChannelByIdView.as_view(), name="yt-channel-by-id"),
    path("profiles/<youtube:youtube>/byhandle/<str:handle>/history", views.ChannelHistoryView.as_view(),
         name="yt-channel-history"),
    path("posts/<youtube:youtube>/byshortcode/<str:shortcode>", views.VideoByShortcodeView.as_view(),
         name="yt-video"),
    path("posts/<youtube:youtube>/<str:post_type>/<str:shortcode>", views.VideoByTypeView.as_view(),
         name="yt-video-by-type"),
    path("recent/posts/<youtube:youtube>/byprofileid/<str:channel_id>", views.RecentVideosView.as_view(),
         name="yt-recent-videos"),
    path("youtube/channel/byhandle/<str:handle>", views.ChannelIdByHandleView.as_view(), name="yt-channel-id"),
]

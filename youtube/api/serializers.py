"""Input (path and query) and output shapes of the YouTube API, with the FastAPI Beat's answer keys
(platform, channel_id, title, subscribers, uploads, views, thumbnail)."""
import re

from rest_framework import serializers as s

CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
HANDLE = re.compile(r"^@?[A-Za-z0-9._-]{3,30}$")  # YouTube handles: 3 to 30 letters, digits, . _ -
VIDEO_ID = r"^[A-Za-z0-9_-]{11}$"


class ChannelKeyPath(s.Serializer):
    """A channel by @handle (with or without the @) or by channel id (UC...)."""

    handle = s.CharField(max_length=64)

    def validate_handle(self, value):
        value = value.strip()
        if CHANNEL_ID.match(value):
            return ("id", value)
        if HANDLE.match(value):
            return ("handle", value.lstrip("@").lower())
        raise s.ValidationError("Give an @handle or a channel id (UC followed by 22 characters).")


class ChannelIdPath(s.Serializer):
    channel_id = s.RegexField(CHANNEL_ID.pattern, max_length=24)


class VideoIdPath(s.Serializer):
    shortcode = s.RegexField(VIDEO_ID, max_length=11)


class VideoTypePath(VideoIdPath):
    post_type = s.ChoiceField(choices=["short", "video"])

    def to_internal_value(self, data):
        return super().to_internal_value({**data, "post_type": str(data.get("post_type", "")).lower()})


YoutubeRefreshQuery = type("YoutubeRefreshQuery", (s.Serializer,), {
    "force_refresh": s.BooleanField(default=False, help_text="Refresh now, whatever the stored data's age."),
    "max_age": s.IntegerField(required=False, min_value=0, max_value=10 * 365 * 86400,
                              help_text="Seconds: stored data older than this is refreshed (default: a day)."),
    # "async" is a Python keyword: the field is declared through the class dict
    "async": s.BooleanField(default=False, help_text="Answer 202 with the task at once instead of waiting."),
})


class RecentQuery(s.Serializer):
    limit = s.IntegerField(default=12, min_value=1, max_value=100)


class ChannelHistoryQuery(s.Serializer):
    days = s.IntegerField(default=365, min_value=1, max_value=3650)


class ChannelSerializer(s.Serializer):
    platform = s.CharField(default="YOUTUBE")
    channel_id = s.CharField()
    handle = s.CharField(allow_null=True)
    custom_url = s.CharField(allow_null=True)
    title = s.CharField(allow_null=True)
    description = s.CharField(allow_null=True)
    country = s.CharField(allow_null=True)
    published_at = s.DateTimeField(allow_null=True)
    subscribers = s.IntegerField(allow_null=True, help_text="Rounded by YouTube; null when the channel hides it.")
    is_subscriber_count_hidden = s.BooleanField(allow_null=True)
    uploads = s.IntegerField(allow_null=True)
    views = s.IntegerField(allow_null=True)
    thumbnail = s.CharField(allow_null=True)
    is_verified = s.BooleanField(allow_null=True)
    state = s.CharField()
    updated_at = s.DateTimeField(source="refreshed_at", allow_null=True)


class ChannelAnswerSerializer(s.Serializer):
    profile = ChannelSerializer()


class VideoSerializer(s.Serializer):
    platform = s.CharField(default="YOUTUBE")
    shortcode = s.CharField()
    channel_id = s.CharField(allow_null=True)
    channel_title = s.CharField(allow_null=True)
    title = s.CharField(allow_null=True)
    description = s.CharField(allow_null=True)
    published_at = s.DateTimeField(allow_null=True)
    duration = s.IntegerField(allow_null=True, help_text="Seconds.")
    post_type = s.CharField(allow_null=True, help_text="short or video; null when not known yet.")
    views = s.IntegerField(allow_null=True)
    likes = s.IntegerField(allow_null=True)
    comments = s.IntegerField(allow_null=True)
    tags = s.ListField(child=s.CharField(), allow_null=True)
    category_id = s.CharField(allow_null=True)
    category = s.CharField(allow_null=True)
    thumbnail = s.CharField(allow_null=True)
    keywords = s.ListField(child=s.CharField(), allow_null=True)
    updated_at = s.DateTimeField(source="refreshed_at", allow_null=True)


class VideoAnswerSerializer(s.Serializer):
    post = VideoSerializer()


class VideoListSerializer(s.Serializer):
    data = VideoSerializer(many=True)


class ChannelIdAnswerSerializer(s.Serializer):
    handle = s.CharField()
    channel_id = s.CharField()
    title = s.CharField(allow_null=True)


class ChannelSnapshotSerializer(s.Serializer):
    timestamp = s.DateTimeField()
    source = s.CharField(allow_null=True)
    subscribers = s.IntegerField(allow_null=True)
    views = s.IntegerField(allow_null=True)
    uploads = s.IntegerField(allow_null=True)


class ChannelHistorySerializer(s.Serializer):
    channel_id = s.CharField()
    count = s.IntegerField()
    data = ChannelSnapshotSerializer(many=True)

"""The YouTube logs, read-only: comments, activities, subscriptions and the raw snapshots."""
from django.contrib import admin

from beat.admin.display import pretty_json
from beat.admin.stored import StoredDataAdmin
from youtube.models import (YoutubeActivityLog, YoutubePostActivityLog, YoutubePostLog, YoutubeProfileLog,
                            YoutubeRelationshipLog)


@admin.register(YoutubePostActivityLog)
class CommentAdmin(StoredDataAdmin):
    list_display = ("shortcode", "author_name", "text", "likes", "replies", "published_at")
    search_fields = ("=shortcode", "=author_channel_id", "author_name")
    ordering = ("-published_at",)


@admin.register(YoutubeActivityLog)
class ActivityAdmin(StoredDataAdmin):
    list_display = ("channel_id", "activity_type", "video_id", "title", "published_at")
    list_filter = ("activity_type",)
    search_fields = ("=channel_id", "=video_id")
    ordering = ("-published_at",)


@admin.register(YoutubeRelationshipLog)
class SubscriptionAdmin(StoredDataAdmin):
    list_display = ("channel_id", "other_title", "other_channel_id", "subscribed_at", "fetched_at")
    search_fields = ("=channel_id", "=other_channel_id", "other_title")


class SnapshotAdmin(StoredDataAdmin):
    readonly_fields = ("raw_payload", "dimensions_shown", "metrics_shown")
    exclude = ("raw", "dimensions", "metrics")
    ordering = ("-timestamp",)
    list_filter = ("source", "parser_version")

    @admin.display(description="raw payload")
    def raw_payload(self, log):
        return pretty_json(log.raw)

    @admin.display(description="dimensions")
    def dimensions_shown(self, log):
        return pretty_json(log.dimensions)

    @admin.display(description="metrics")
    def metrics_shown(self, log):
        return pretty_json(log.metrics)


@admin.register(YoutubeProfileLog)
class ChannelSnapshotAdmin(SnapshotAdmin):
    list_display = ("channel_id", "handle", "timestamp", "source", "task_id")
    search_fields = ("=channel_id", "^handle")


@admin.register(YoutubePostLog)
class VideoSnapshotAdmin(SnapshotAdmin):
    list_display = ("shortcode", "channel_id", "timestamp", "source", "task_id")
    search_fields = ("=shortcode", "=channel_id")

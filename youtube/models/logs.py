"""The YouTube logs: snapshots of channels and videos (appended on every fetch), and the comments,
channel activities and subscriptions as last fetched (upserted on their own natural keys)."""
from django.db import models
from django.utils import timezone

from beat.snapshots import Snapshot


class YoutubeProfileLog(Snapshot):
    channel_id = models.CharField(max_length=64)
    handle = models.CharField(max_length=100, null=True, blank=True)

    class Meta:
        db_table = "youtube_profile_log"
        indexes = [models.Index(fields=["channel_id", "-timestamp"], name="yt_profile_log_history_idx")]

    def __str__(self):
        return f"{self.channel_id} at {self.timestamp:%Y-%m-%d %H:%M}"


class YoutubePostLog(Snapshot):
    shortcode = models.CharField(max_length=20)
    channel_id = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        db_table = "youtube_post_log"
        indexes = [models.Index(fields=["shortcode", "-timestamp"], name="yt_post_log_history_idx")]

    def __str__(self):
        return f"{self.shortcode} at {self.timestamp:%Y-%m-%d %H:%M}"


class Seen(models.Model):
    """When a log row was first and last fetched, and by which task."""

    source = models.CharField(max_length=40, null=True, blank=True)
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="The task that last saw it.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class YoutubePostActivityLog(Seen):
    """A comment (a thread's top-level comment) on a video."""

    shortcode = models.CharField(max_length=20, help_text="The video id.")
    comment_id = models.CharField(max_length=100)
    channel_id = models.CharField(max_length=64, null=True, blank=True, help_text="The video's channel.")
    author_channel_id = models.CharField(max_length=64, null=True, blank=True)
    author_name = models.CharField(max_length=300, null=True, blank=True)
    author_image = models.URLField(max_length=2000, null=True, blank=True)
    text = models.TextField(null=True, blank=True, help_text="textOriginal: plain text.")
    likes = models.BigIntegerField(null=True, blank=True)
    replies = models.IntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    keywords = models.JSONField(null=True, blank=True, help_text="YAKE 1-grams of the comment, top 5.")

    class Meta:
        db_table = "youtube_post_activity_log"
        verbose_name = "comment"
        constraints = [models.UniqueConstraint(fields=["shortcode", "comment_id"], name="yt_comment_uniq")]
        indexes = [models.Index(fields=["shortcode", "-published_at"], name="yt_comment_post_idx")]

    def __str__(self):
        return f"comment {self.comment_id} on {self.shortcode}"


class YoutubeActivityLog(Seen):
    """One entry of a channel's activity feed (upload, like, playlistItem, subscription, ...)."""

    activity_id = models.CharField(max_length=200, unique=True)
    channel_id = models.CharField(max_length=64)
    activity_type = models.CharField(max_length=40)
    video_id = models.CharField(max_length=20, null=True, blank=True)
    other_channel_id = models.CharField(max_length=64, null=True, blank=True, help_text="Subscriptions: whom.")
    playlist_id = models.CharField(max_length=64, null=True, blank=True)
    title = models.CharField(max_length=500, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "youtube_activity_log"
        verbose_name = "channel activity"
        verbose_name_plural = "channel activities"
        indexes = [models.Index(fields=["channel_id", "-published_at"], name="yt_activity_channel_idx")]

    def __str__(self):
        return f"{self.activity_type} by {self.channel_id}"


class YoutubeRelationshipLog(Seen):
    """A channel's public subscription to another channel."""

    channel_id = models.CharField(max_length=64)
    other_channel_id = models.CharField(max_length=64)
    other_title = models.CharField(max_length=300, null=True, blank=True)
    other_description = models.TextField(null=True, blank=True)
    other_thumbnail = models.URLField(max_length=2000, null=True, blank=True)
    subscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "youtube_profile_relationship_log"
        verbose_name = "subscription"
        constraints = [models.UniqueConstraint(fields=["channel_id", "other_channel_id"],
                                               name="yt_relationship_uniq")]

    def __str__(self):
        return f"{self.channel_id} subscribes to {self.other_title or self.other_channel_id}"

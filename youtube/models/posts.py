"""youtube_post: one row per video (shortcode = the video id), its latest figures."""
from django.db import models
from django.utils import timezone


class PostType(models.TextChoices):
    SHORT = "short"
    VIDEO = "video"


class YoutubePost(models.Model):
    shortcode = models.CharField(max_length=20, unique=True, help_text="The video id.")
    channel_id = models.CharField(max_length=64, null=True, blank=True)
    channel_title = models.CharField(max_length=300, null=True, blank=True)
    title = models.CharField(max_length=500, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    duration = models.IntegerField(null=True, blank=True, help_text="Seconds.")
    post_type = models.CharField(max_length=10, choices=PostType.choices, null=True, blank=True)

    views = models.BigIntegerField(null=True, blank=True)
    likes = models.BigIntegerField(null=True, blank=True, help_text="Empty when the owner hides them.")
    comments = models.BigIntegerField(null=True, blank=True, help_text="Empty when comments are off.")
    favourites = models.BigIntegerField(null=True, blank=True)

    tags = models.JSONField(null=True, blank=True)
    category_id = models.CharField(max_length=10, null=True, blank=True)
    category = models.CharField(max_length=100, null=True, blank=True, help_text="As the task named it.")
    topic = models.CharField(max_length=100, null=True, blank=True, help_text="As the task named it.")
    audio_language = models.CharField(max_length=20, null=True, blank=True)
    default_language = models.CharField(max_length=20, null=True, blank=True)
    is_licensed = models.BooleanField(null=True, blank=True)
    content_rating = models.JSONField(null=True, blank=True)
    definition = models.CharField(max_length=10, null=True, blank=True)
    has_captions = models.BooleanField(null=True, blank=True)
    live_broadcast_content = models.CharField(max_length=20, null=True, blank=True)
    playlist_id = models.CharField(max_length=64, null=True, blank=True, help_text="The playlist it came from.")
    thumbnail = models.URLField(max_length=2000, null=True, blank=True)
    keywords = models.JSONField(null=True, blank=True, help_text="YAKE 1-grams of the title and description.")

    source = models.CharField(max_length=40, null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "youtube_post"
        verbose_name = "video"
        indexes = [models.Index(fields=["channel_id", "-published_at"], name="yt_post_channel_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(post_type__in=PostType.values) | models.Q(post_type__isnull=True),
                                   name="yt_post_type_valid"),
        ]

    def __str__(self):
        return self.shortcode

"""youtube_account: one row per channel, its latest figures."""
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ChannelState(models.TextChoices):
    """Why figures may be missing: a channel that vanished never reads as zero subscribers."""

    OK = "ok"
    NOT_FOUND = "not_found"
    DELETED = "deleted"


class YoutubeAccount(models.Model):
    channel_id = models.CharField(max_length=64, unique=True)
    # customUrl without its "@", lowercased: YouTube handles ignore case. Not unique: handles move.
    handle = models.CharField(max_length=100, null=True, blank=True, db_index=True)
    title = models.CharField(max_length=300, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    custom_url = models.CharField(max_length=100, null=True, blank=True, help_text="As YouTube spells it: @NASA.")
    country = models.CharField(max_length=10, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the channel was created.")
    # subscriberCount is rounded by YouTube to 3 significant figures; hidden counts are never zero here
    subscribers = models.BigIntegerField(null=True, blank=True)
    is_subscriber_count_hidden = models.BooleanField(null=True, blank=True)
    views = models.BigIntegerField(null=True, blank=True)
    uploads = models.IntegerField(null=True, blank=True, help_text="Public videos (statistics.videoCount).")
    uploads_playlist_id = models.CharField(max_length=64, null=True, blank=True)
    thumbnails = models.JSONField(null=True, blank=True, help_text="{default|medium|high: url}")
    thumbnail = models.URLField(max_length=2000, null=True, blank=True, help_text="The largest thumbnail.")
    banner_url = models.URLField(max_length=2000, null=True, blank=True)
    keywords = models.CharField(max_length=1000, null=True, blank=True, help_text="brandingSettings keywords.")
    is_verified = models.BooleanField(null=True, blank=True, help_text="Only scrapers tell; the Data API does not.")

    state = models.CharField(max_length=10, choices=ChannelState.choices, default=ChannelState.OK)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True, help_text="Last answer from upstream.")
    source = models.CharField(max_length=40, null=True, blank=True, help_text="Which provider answered last.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "youtube_account"
        verbose_name = "channel"
        indexes = [models.Index(fields=["subscribers"], name="yt_account_subscribers_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ChannelState.values), name="yt_account_state_valid"),
        ]

    def __str__(self):
        return self.title or self.channel_id

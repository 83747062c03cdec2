"""instagram_account: one row per Instagram account, its latest profile and stored averages."""
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ProfileState(models.TextChoices):
    """Why numbers may be missing: a private or vanished profile never reads as zero followers."""

    OK = "ok"
    PRIVATE = "private"
    NOT_FOUND = "not_found"
    DELETED = "deleted"


class ProfileType(models.TextChoices):
    PERSONAL = "personal"
    BUSINESS = "business"
    CREATOR = "creator"


class InstagramAccount(models.Model):
    # The Instagram user id (Graph's ig_id, a scraper's pk). Null only on a placeholder row that records
    # the state of a handle never seen with an id (a not-found or private handle).
    profile_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Not unique: a handle can move from one account to another over time. Look up the latest.
    # Null only when a state was recorded for an id never seen with a handle.
    handle = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    fbid = models.CharField(max_length=64, null=True, blank=True,
                            help_text="The interoperable Facebook id (Graph answers: their node id).")
    full_name = models.CharField(max_length=300, null=True, blank=True)
    biography = models.TextField(null=True, blank=True)
    external_url = models.URLField(max_length=2000, null=True, blank=True)
    followers = models.BigIntegerField(null=True, blank=True)
    following = models.BigIntegerField(null=True, blank=True)
    media_count = models.IntegerField(null=True, blank=True)
    reels_count = models.IntegerField(null=True, blank=True)
    profile_pic_url = models.URLField(max_length=2000, null=True, blank=True)
    profile_type = models.CharField(max_length=10, choices=ProfileType.choices, null=True, blank=True)
    category = models.CharField(max_length=200, null=True, blank=True)
    is_private = models.BooleanField(null=True, blank=True)
    is_verified = models.BooleanField(null=True, blank=True)
    is_business_or_creator = models.BooleanField(null=True, blank=True)
    # as upstream flagged them (the profile events carry them, as the FastAPI Beat's did)
    is_business = models.BooleanField(null=True, blank=True)
    is_professional = models.BooleanField(null=True, blank=True)
    business_category = models.CharField(max_length=200, null=True, blank=True)
    category_id = models.CharField(max_length=64, null=True, blank=True)
    public_email = models.CharField(max_length=300, null=True, blank=True)
    public_phone = models.CharField(max_length=100, null=True, blank=True)
    city = models.CharField(max_length=200, null=True, blank=True)

    # stored at each refresh from the 12 latest posts (instagram.metrics.account_averages)
    avg_likes = models.FloatField(null=True, blank=True)
    avg_comments = models.FloatField(null=True, blank=True)
    avg_reach = models.FloatField(null=True, blank=True)
    avg_engagement = models.FloatField(null=True, blank=True, help_text="Percent, unrounded.")
    avg_reels_plays = models.FloatField(null=True, blank=True)

    state = models.CharField(max_length=10, choices=ProfileState.choices, default=ProfileState.OK)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True, help_text="Last answer from upstream.")
    source = models.CharField(max_length=40, null=True, blank=True, help_text="Which provider answered last.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "instagram_account"
        indexes = [
            models.Index(fields=["handle", "-refreshed_at"], name="ig_account_handle_latest_idx"),
            models.Index(fields=["followers"], name="ig_account_followers_idx"),
        ]
        constraints = [
            # the upsert key of a state recorded by handle alone
            models.UniqueConstraint(fields=["handle"], condition=Q(profile_id__isnull=True),
                                    name="ig_account_placeholder_handle_uniq"),
            models.CheckConstraint(condition=Q(state__in=ProfileState.values), name="ig_account_state_valid"),
        ]

    def __str__(self):
        return f"@{self.handle}"

"""instagram_post: one row per post, reel or story (shortcode), with its latest figures."""
from django.db import models
from django.utils import timezone


class PostType(models.TextChoices):
    IMAGE = "image"
    CAROUSEL = "carousel"
    REELS = "reels"
    STORY = "story"


class InstagramPost(models.Model):
    # stories: the story media pk as a string, the same number on every source
    shortcode = models.CharField(max_length=64, unique=True)
    post_id = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    profile_id = models.CharField(max_length=64, null=True, blank=True, help_text="The owner's user id.")
    handle = models.CharField(max_length=64, null=True, blank=True, help_text="The owner's handle.")
    # Set when the post came with another profile's refresh (a collab): that profile's id, so the
    # post is listed with it too.
    collab_profile_id = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    post_type = models.CharField(max_length=10, choices=PostType.choices, null=True, blank=True)
    content_type = models.CharField(max_length=40, null=True, blank=True, help_text="The upstream's product type.")
    caption = models.TextField(null=True, blank=True)
    publish_time = models.DateTimeField(null=True, blank=True)
    thumbnail_url = models.URLField(max_length=4000, null=True, blank=True)
    display_url = models.URLField(max_length=4000, null=True, blank=True)
    video_url = models.URLField(max_length=4000, null=True, blank=True)
    video_duration = models.FloatField(null=True, blank=True)
    location = models.JSONField(null=True, blank=True)

    likes = models.BigIntegerField(null=True, blank=True)
    comments = models.BigIntegerField(null=True, blank=True)
    plays = models.BigIntegerField(null=True, blank=True)
    views = models.BigIntegerField(null=True, blank=True)
    reach = models.BigIntegerField(null=True, blank=True)
    impressions = models.BigIntegerField(null=True, blank=True)
    saved = models.BigIntegerField(null=True, blank=True)
    shares = models.BigIntegerField(null=True, blank=True)
    interactions = models.BigIntegerField(null=True, blank=True)

    # insights (Graph API, the owner's token): stories and feed posts
    follows = models.IntegerField(null=True, blank=True)
    profile_visits = models.IntegerField(null=True, blank=True)
    profile_activity = models.IntegerField(null=True, blank=True)
    replies = models.IntegerField(null=True, blank=True)
    navigation = models.IntegerField(null=True, blank=True)
    taps_forward = models.IntegerField(null=True, blank=True)
    taps_back = models.IntegerField(null=True, blank=True)
    exits = models.IntegerField(null=True, blank=True)
    swipe_forward = models.IntegerField(null=True, blank=True)
    automatic_forward = models.IntegerField(null=True, blank=True)
    swipe_back = models.IntegerField(null=True, blank=True)
    swipe_down = models.IntegerField(null=True, blank=True)
    swipe_up = models.IntegerField(null=True, blank=True)
    avg_watch_time_ms = models.BigIntegerField(null=True, blank=True)
    total_watch_time_ms = models.BigIntegerField(null=True, blank=True)
    insights = models.JSONField(null=True, blank=True, help_text="Every insights metric as answered.")
    insights_refreshed_at = models.DateTimeField(null=True, blank=True)

    story_links = models.JSONField(null=True, blank=True)
    story_hashtags = models.JSONField(null=True, blank=True)
    # The owner's figures when the story was first stored (first write wins: a story is judged against
    # the audience it had while it was up, not against later refreshes).
    profile_follower = models.BigIntegerField(null=True, blank=True)
    profile_er = models.FloatField(null=True, blank=True)
    profile_static_er = models.FloatField(null=True, blank=True)
    profile_reels_er = models.FloatField(null=True, blank=True)

    keywords = models.JSONField(null=True, blank=True, help_text="YAKE 1-grams of the caption, top 5.")
    hashtags = models.JSONField(null=True, blank=True)
    mentions = models.JSONField(null=True, blank=True)
    tagged_users = models.JSONField(null=True, blank=True, help_text="[{profile_id, handle}]")
    sponsor_ids = models.JSONField(null=True, blank=True)
    is_paid_partnership = models.BooleanField(null=True, blank=True)
    is_pinned = models.BooleanField(null=True, blank=True)

    source = models.CharField(max_length=40, null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "instagram_post"
        indexes = [
            models.Index(fields=["profile_id", "-publish_time"], name="ig_post_profile_latest_idx"),
            models.Index(fields=["post_type", "-publish_time"], name="ig_post_type_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(post_type__in=PostType.values) | models.Q(post_type__isnull=True),
                                   name="ig_post_type_valid"),
        ]

    def __str__(self):
        return self.shortcode


class StoryManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(post_type=PostType.STORY)


class StoryPost(InstagramPost):
    """Stories are instagram_post rows of type story; a proxy gives them their own admin page."""

    objects = StoryManager()

    class Meta:
        proxy = True
        verbose_name = "story"
        verbose_name_plural = "stories"

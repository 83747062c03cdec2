"""Enrichment's own rows: GPT answers per profile and kind, comment sentiment, post collections.

Platform rows (instagram_post, post_activity_log) are read, never written, from here: enrichment
stores what it adds beside them, keyed by their natural keys (handle, shortcode, comment id).
"""
import uuid

from django.db import models
from django.utils import timezone

from enrichment.gpt.prompts import KINDS


class GptKind(models.TextChoices):
    BASE_GENDER = KINDS[0]
    BASE_LOCATION = KINDS[1]
    BASE_CATEG_LANG_TOPICS = KINDS[2]
    AUDIENCE_AGE_GENDER = KINDS[3]
    AUDIENCE_CITIES = KINDS[4]
    GENDER_LOCATION_LANG = KINDS[5]


class GptProfileData(models.Model):
    """The latest usable GPT answer for one Instagram handle and kind, with what produced it."""

    handle = models.CharField(max_length=64)
    profile_id = models.CharField(max_length=64, null=True, blank=True, help_text="When the profile is stored.")
    kind = models.CharField(max_length=30, choices=GptKind.choices)
    data = models.JSONField(help_text="The parsed answer (fractions normalised to sum to 1).")
    prompt_version = models.CharField(max_length=40)
    model = models.CharField(max_length=100, help_text="The model (or Azure deployment's model) that answered.")
    asks = models.PositiveSmallIntegerField(default=1, help_text="1, or more when keys had to be asked again.")
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    task_id = models.BigIntegerField(null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "gpt_profile_data"
        verbose_name = "GPT profile data"
        verbose_name_plural = "GPT profile data"
        constraints = [models.UniqueConstraint(fields=["handle", "kind"], name="gpt_profile_data_uniq")]

    def __str__(self):
        return f"{self.kind} of @{self.handle}"


class Sentiment(models.TextChoices):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class CommentSentiment(models.Model):
    """The sentiment of one comment, as its latest scoring said."""

    platform = models.CharField(max_length=20)
    shortcode = models.CharField(max_length=64, help_text="The post (an Instagram shortcode, a YouTube video id).")
    comment_id = models.CharField(max_length=64)
    comment = models.TextField(blank=True, default="")
    actor_profile_id = models.CharField(max_length=64, null=True, blank=True)
    keywords = models.JSONField(null=True, blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    score = models.FloatField(help_text="VADER's compound score (-1 .. 1), or the model service's.")
    scorer = models.CharField(max_length=20, help_text="vader, or model (BEAT_MODEL_SERVICE_URL).")
    source = models.CharField(max_length=40, blank=True, default="")
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "comment_sentiment"
        constraints = [
            models.UniqueConstraint(fields=["platform", "shortcode", "comment_id"], name="comment_sentiment_uniq"),
            models.CheckConstraint(condition=models.Q(sentiment__in=Sentiment.values), name="comment_sentiment_valid"),
        ]
        indexes = [models.Index(fields=["shortcode", "sentiment"], name="comment_sentiment_post_idx")]

    def __str__(self):
        return f"{self.sentiment} {self.comment_id} on {self.shortcode}"


class PostCollection(models.Model):
    """A named list of posts an account follows (a campaign, a brief), reported on as one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="post_collections")
    name = models.CharField(max_length=200)
    platform = models.CharField(max_length=20, default="INSTAGRAM",
                                choices=[("INSTAGRAM", "INSTAGRAM"), ("YOUTUBE", "YOUTUBE")])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "post_collection"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="post_collection_name_uniq")]

    def __str__(self):
        return self.name


class PostCollectionItem(models.Model):
    collection = models.ForeignKey(PostCollection, on_delete=models.CASCADE, related_name="items")
    shortcode = models.CharField(max_length=64)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "post_collection_item"
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["collection", "shortcode"], name="post_collection_item_uniq")]

    def __str__(self):
        return self.shortcode

"""post_activity_log: the likes and comments of a post, one row per like (liker) or comment."""
from django.db import models
from django.utils import timezone


class ActivityType(models.TextChoices):
    LIKE = "like"
    COMMENT = "comment"


class PostActivityLog(models.Model):
    shortcode = models.CharField(max_length=64)
    post_id = models.CharField(max_length=64, null=True, blank=True)
    activity_type = models.CharField(max_length=10, choices=ActivityType.choices)
    # The natural key within a post: the comment id for a comment, the liker's user id for a like.
    activity_id = models.CharField(max_length=64)
    actor_profile_id = models.CharField(max_length=64, null=True, blank=True)
    actor_handle = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    actor_full_name = models.CharField(max_length=300, null=True, blank=True)
    actor_profile_pic_url = models.URLField(max_length=2000, null=True, blank=True)
    actor_is_private = models.BooleanField(null=True, blank=True)
    actor_is_verified = models.BooleanField(null=True, blank=True)
    comment_id = models.CharField(max_length=64, null=True, blank=True)
    parent_id = models.CharField(max_length=64, null=True, blank=True, help_text="Set on replies.")
    text = models.TextField(null=True, blank=True)
    likes = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True, help_text="When the comment was written (upstream).")
    keywords = models.JSONField(null=True, blank=True, help_text="YAKE 1-grams of the comment, top 5.")
    source = models.CharField(max_length=40, null=True, blank=True)
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="The task that last saw it.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "post_activity_log"
        constraints = [
            models.UniqueConstraint(fields=["shortcode", "activity_type", "activity_id"], name="ig_activity_uniq"),
            models.CheckConstraint(condition=models.Q(activity_type__in=ActivityType.values),
                                   name="ig_activity_type_valid"),
        ]
        indexes = [models.Index(fields=["shortcode", "activity_type", "-created_at"], name="ig_activity_post_idx")]

    def __str__(self):
        return f"{self.activity_type} {self.activity_id} on {self.shortcode}"

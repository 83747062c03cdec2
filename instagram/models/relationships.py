"""profile_relationship_log: who follows a profile and whom it follows, as last fetched."""
from django.db import models
from django.utils import timezone


class Relation(models.TextChoices):
    FOLLOWER = "follower"  # other follows profile
    FOLLOWING = "following"  # profile follows other


class ProfileRelationshipLog(models.Model):
    profile_id = models.CharField(max_length=64)
    relation = models.CharField(max_length=10, choices=Relation.choices)
    other_id = models.CharField(max_length=64, help_text="The other account's Instagram user id.")
    other_handle = models.CharField(max_length=64, null=True, blank=True)
    other_full_name = models.CharField(max_length=300, null=True, blank=True)
    other_profile_pic_url = models.URLField(max_length=2000, null=True, blank=True)
    other_is_private = models.BooleanField(null=True, blank=True)
    other_is_verified = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=40, null=True, blank=True)
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="The task that last saw it.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "profile_relationship_log"
        constraints = [
            models.UniqueConstraint(fields=["profile_id", "relation", "other_id"], name="ig_relationship_uniq"),
            models.CheckConstraint(condition=models.Q(relation__in=Relation.values), name="ig_relation_valid"),
        ]

    def __str__(self):
        return f"{self.profile_id} {self.relation} {self.other_handle or self.other_id}"

"""profile_log / post_log: a row appended on every fetch, never updated.

dimensions are what describes the entity (handle, names, types), metrics what is counted; raw is the
upstream payload as received and parser_version the parser that read it, so a snapshot can be
re-parsed later without calling upstream again.
"""
from django.db import models

from beat.snapshots import Snapshot


class SnapshotKind(models.TextChoices):
    PROFILE = "profile"
    AUDIENCE_INSIGHTS = "audience_insights"
    POST = "post"
    POST_INSIGHTS = "post_insights"


class ProfileLog(Snapshot):
    profile_id = models.CharField(max_length=64, null=True, blank=True)
    handle = models.CharField(max_length=64, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=SnapshotKind.choices, default=SnapshotKind.PROFILE)

    class Meta:
        db_table = "profile_log"
        indexes = [
            models.Index(fields=["profile_id", "kind", "-timestamp"], name="ig_profile_log_history_idx"),
            models.Index(fields=["handle", "-timestamp"], name="ig_profile_log_handle_idx"),
        ]

    def __str__(self):
        return f"{self.kind} @{self.handle} at {self.timestamp:%Y-%m-%d %H:%M}"


class PostLog(Snapshot):
    shortcode = models.CharField(max_length=64)
    post_id = models.CharField(max_length=64, null=True, blank=True)
    profile_id = models.CharField(max_length=64, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=SnapshotKind.choices, default=SnapshotKind.POST)

    class Meta:
        db_table = "post_log"
        indexes = [models.Index(fields=["shortcode", "-timestamp"], name="ig_post_log_history_idx")]

    def __str__(self):
        return f"{self.kind} {self.shortcode} at {self.timestamp:%Y-%m-%d %H:%M}"

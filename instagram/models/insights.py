"""instagram_profile_insights: the Graph API audience demographics of a profile, one row per profile.

Each audience is {"country": {...}, "city": {...}, "gender": {...}, "age": {...}, "gender_age":
{"female": {"25-34": n}, "male": {...}, "unknown": {...}}} (rows written before that have flat "F.25-34"
keys; answers nest them). reached and engaged are stored under their own names (the FastAPI Beat stored
them swapped); reached is no longer asked (Meta's metric table dropped it), so it keeps what it had.
"""
from django.db import models
from django.utils import timezone


class InstagramProfileInsights(models.Model):
    profile_id = models.CharField(max_length=64, unique=True)
    handle = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    fbid = models.CharField(max_length=64, null=True, blank=True)
    follower = models.JSONField(null=True, blank=True, help_text="follower_demographics")
    reached = models.JSONField(null=True, blank=True, help_text="reached_audience_demographics")
    engaged = models.JSONField(null=True, blank=True, help_text="engaged_audience_demographics")
    source = models.CharField(max_length=40, null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "instagram_profile_insights"
        verbose_name = "profile insights"
        verbose_name_plural = "profile insights"

    def __str__(self):
        return f"insights of @{self.handle or self.profile_id}"

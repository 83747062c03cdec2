"""youtube_profile_insights: a channel's audience from YouTube Analytics (its own OAuth grant).

city and country are {name: views}, gender_age {"female.age25-34": viewer percentage}. An empty map
means Analytics had no rows for it (small channels), never zero viewers.
"""
from django.db import models
from django.utils import timezone


class YoutubeProfileInsights(models.Model):
    channel_id = models.CharField(max_length=64, unique=True)
    city = models.JSONField(null=True, blank=True, help_text="Top 50 cities by views.")
    country = models.JSONField(null=True, blank=True, help_text="Top 10 countries by views.")
    gender_age = models.JSONField(null=True, blank=True, help_text="viewerPercentage by gender and age group.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=40, null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "youtube_profile_insights"
        verbose_name = "channel insights"
        verbose_name_plural = "channel insights"

    def __str__(self):
        return f"insights of {self.channel_id}"

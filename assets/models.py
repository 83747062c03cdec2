"""asset_log: where an entity's media is stored, one row per entity_id (the FastAPI Beat's key)."""
from django.db import models


class AssetLog(models.Model):
    entity_type = models.CharField(max_length=20, help_text="PROFILE, POST or STORY.")
    entity_id = models.CharField(max_length=200, unique=True)
    platform = models.CharField(max_length=20)
    asset_type = models.CharField(max_length=10, help_text="IMAGE or VIDEO.")
    asset_url = models.CharField(max_length=500, help_text="The stored key, e.g. assets/posts/instagram/123.jpg.")
    original_url = models.TextField(help_text="The CDN link it was copied from (expires).")
    content_hash = models.CharField(max_length=64, db_index=True, help_text="sha256 of the stored bytes.")
    size = models.BigIntegerField()
    task_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "asset_log"

    def __str__(self):
        return self.asset_url

"""What every snapshot row holds besides its entity's keys (each platform's profile and post logs).

dimensions describe the entity (handle, names, types), metrics are what is counted; raw is the upstream
payload as received and parser_version the parser that read it, so a snapshot can be re-parsed later
without calling upstream again. Snapshot rows are appended on every fetch, never updated.
"""
from django.db import models
from django.utils import timezone


class Snapshot(models.Model):
    dimensions = models.JSONField(default=dict)
    metrics = models.JSONField(default=dict)
    source = models.CharField(max_length=40, null=True, blank=True)
    raw = models.JSONField(null=True, blank=True)
    parser_version = models.CharField(max_length=40)
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    timestamp = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


def known(values: dict) -> dict:
    """A snapshot keeps what was answered: unknown (None) and empty values are left out."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != () and v != []}

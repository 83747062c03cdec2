"""The events outbox: one row per event, written in the transaction of the change it reports.

A row becomes visible only when that transaction commits, so the relay (beat.events.relay, run by
`manage.py amqp_bridge`) never publishes an event of work that rolled back; it marks the row
published only after the broker committed it, so an event is delivered at least once (event_id lets a
consumer drop a repeat). Task status events are written by a database trigger on scrape_request_log
(migration 0006): every status change, by any writer (the claim function, a bulk expiry, the admin),
gets its event without the writer knowing. The account is a plain integer, like UpstreamCall's.
Two readers mark a row: the broker relay (published_at) and the webhook dispatcher (dispatched_at).
"""
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEvent(models.Model):
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.CharField(max_length=50)
    routing_key = models.CharField(max_length=100)  # indexed by beat_outbox_routing_key_idx
    payload = models.JSONField(help_text="The event as published, secrets scrubbed (beat.events.scrub).")
    account_id = models.BigIntegerField(null=True, blank=True, help_text="The account the event is about, if any.")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the broker confirmed it.")
    dispatched_at = models.DateTimeField(null=True, blank=True,
                                         help_text="When its webhook deliveries were created (webhooks app).")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        db_table = "beat_outbox"
        indexes = [models.Index(fields=["routing_key"], name="beat_outbox_routing_key_idx"),
                   models.Index(fields=["id"], name="beat_outbox_unpublished_idx",
                                condition=Q(published_at__isnull=True)),
                   models.Index(fields=["id"], name="beat_outbox_undispatched_idx",
                                condition=Q(dispatched_at__isnull=True))]

    def __str__(self):
        return f"{self.exchange}/{self.routing_key} {self.event_id}"

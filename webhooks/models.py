"""An account's webhook endpoints, the deliveries of events to them and every attempt of each."""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from credentials import crypto


class WebhookEndpoint(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000, help_text="http(s) URL at a public address (checked when sent too).")
    event_types = models.JSONField(default=list, blank=True,
                                   help_text="Routing keys wanted, e.g. [\"scrape_request_log_events\"]; empty: all.")
    # Fernet ciphertext of the signing secret (BEAT_CREDENTIALS_KEYS): the clear secret is shown once
    secret_ciphertext = models.TextField(editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webhook_endpoint"

    def __str__(self):
        return f"{self.url} ({self.account})"

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.secret_ciphertext, label=f"webhook #{self.pk}'s secret")["secret"]

    def set_secret(self, secret: str) -> None:
        self.secret_ciphertext = crypto.encrypt({"secret": secret})

    def wants(self, routing_key: str) -> bool:
        return not self.event_types or routing_key in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"  # gave up after BEAT_WEBHOOK_MAX_ATTEMPTS


class WebhookDelivery(models.Model):
    """One event for one endpoint. The body is kept as sent (signed bytes), so a redelivery is the same."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    routing_key = models.CharField(max_length=100)
    body = models.TextField(help_text="The JSON sent, secrets scrubbed.")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webhook_delivery"
        constraints = [models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once")]
        indexes = [models.Index(fields=["next_attempt_at"], name="webhook_delivery_due_idx",
                                condition=Q(status="PENDING"))]

    def __str__(self):
        return f"{self.routing_key} -> {self.endpoint.url} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty when no answer came.")
    error = models.CharField(max_length=300, blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "webhook_attempt"
        ordering = ["at", "id"]

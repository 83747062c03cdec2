"""One upstream identity (a token, an API key, an OAuth grant), its secret encrypted at rest."""
from django.db import models

from credentials import crypto
from credentials.sources import Source, shape


class State(models.TextChoices):
    ACTIVE = "active"
    COOLING = "cooling"  # rate-limited until cooling_until, then active again
    NEEDS_ATTENTION = "needs_attention"  # refused, missing scope, data access expired: a person looks
    DISABLED = "disabled"


class Credential(models.Model):
    source = models.CharField(max_length=40, choices=Source.choices)
    handle = models.CharField(max_length=255, blank=True, default="",
                              help_text="Whose credential this is: an Instagram handle, a shop domain, ...")
    idempotency_key = models.CharField(max_length=300, unique=True,
                                       help_text="source + user id, handle or a hash of the key.")
    # Fernet ciphertext of the credential JSON (the FastAPI Beat's shape); never the clear secret.
    secret_ciphertext = models.TextField(editable=False)
    secret_hint = models.CharField(max_length=20, blank=True, default="", editable=False,
                                   help_text="The masked secret, e.g. EAAB…9f2c.")
    public = models.JSONField(default=dict, blank=True, help_text="Non-secret fields: user_id, channel_id, ...")
    # The client account that gave this credential (an identity or insights token of its own handle):
    # only that account's tasks spend it, only it reads what it fetched. Empty: pooled, staff-managed.
    account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="credentials",
                                help_text="The client account that owns it; empty for a pooled, staff-managed one.")

    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    state_reason = models.CharField(max_length=500, blank=True, default="")
    cooling_until = models.DateTimeField(null=True, blank=True)

    last_used_at = models.DateTimeField(null=True, blank=True)
    success_count = models.PositiveBigIntegerField(default=0)
    error_count = models.PositiveBigIntegerField(default=0)
    last_validated_at = models.DateTimeField(null=True, blank=True)
    last_validation = models.JSONField(default=dict, blank=True,
                                       help_text="is_valid, scopes, expires_at, data_access_expires_at, error")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "credential"
        ordering = ["source", "id"]
        indexes = [
            models.Index(fields=["source", "state", "last_used_at"], name="credential_pick_idx"),
            models.Index(fields=["source", "handle"], name="credential_handle_idx"),
            models.Index(fields=["account", "source", "handle"], name="credential_owner_idx"),
        ]

    def __str__(self):
        return f"{self.source} {self.handle or self.secret_hint} (#{self.pk})"

    @property
    def secret(self) -> dict:
        """The credential JSON in clear; raises Misconfigured when no configured key opens it."""
        return crypto.decrypt(self.secret_ciphertext, label=f"credential #{self.pk} ({self.source})")

    def set_secret(self, credentials: dict) -> None:
        fields = shape(self.source)
        self.secret_ciphertext = crypto.encrypt(credentials)
        self.secret_hint = crypto.mask(credentials.get(fields.secret_field))
        self.public = {**self.public, **{k: credentials[k] for k in fields.public_fields if k in credentials}}

    @property
    def masked(self) -> str:
        return self.secret_hint or "…"

"""Client accounts (the FastAPI Beat's account_id strings) and their API keys (stored hashed)."""
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class Account(models.Model):
    slug = models.SlugField(max_length=100, unique=True, help_text="The account_id clients use in URLs.")
    name = models.CharField(max_length=200, blank=True, default="")
    is_active = models.BooleanField(default=True)
    request_rate = models.CharField(max_length=20, blank=True, default="",
                                    help_text="Requests per API key, e.g. 600/m; empty for the default.")
    # Quotas (accounts.quotas): over one, a submit answers 429 with Retry-After.
    max_pending_tasks = models.PositiveIntegerField(
        null=True, blank=True, help_text="Tasks pending or running at once; empty: BEAT_ACCOUNT_MAX_PENDING, 0: no cap.")
    daily_upstream_calls = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Upstream calls in any 24 hours; empty: BEAT_ACCOUNT_DAILY_UPSTREAM_CALLS, 0: no cap.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "beat_account"
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class AccountAPIKey(AbstractAPIKey):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_keys")
    can_manage_tokens = models.BooleanField(default=False, help_text="May call POST /tokens and /token/validate.")

    class Meta(AbstractAPIKey.Meta):
        db_table = "beat_account_api_key"
        verbose_name = "API key"
        verbose_name_plural = "API keys"

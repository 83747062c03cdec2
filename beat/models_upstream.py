"""One row per upstream HTTP call: what was asked of whom, how it went and how long it took.

Written by beat.http for every call (success or failure), read by the dashboard and credential
health. Plain integers for the credential, task and account: the core knows no credential model,
and a call log must outlive the rows it mentions. Never holds a URL query, a header or a body.
"""
from django.db import models
from django.utils import timezone


class UpstreamCall(models.Model):
    source = models.CharField(max_length=50, help_text="Credential source, e.g. graphapi, rapidapi-jotucker.")
    credential_id = models.BigIntegerField(null=True, blank=True)
    endpoint = models.CharField(max_length=300, help_text="The path, without its query string.")
    method = models.CharField(max_length=10)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty when no answer came.")
    ok = models.BooleanField()
    error_code = models.CharField(max_length=40, blank=True, default="", help_text="Beat's error code.")
    upstream_code = models.CharField(max_length=60, blank=True, default="",
                                     help_text="The upstream's own error code or reason, e.g. 190/463.")
    latency_ms = models.PositiveIntegerField()
    cost = models.PositiveIntegerField(null=True, blank=True,
                                       help_text="Units of the upstream's own quota the call spent (YouTube Data API "
                                                 "units), when it counts in units; empty when it does not.")
    task_id = models.BigIntegerField(null=True, blank=True)
    account_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "beat_upstream_call"
        indexes = [
            models.Index(fields=["source", "created_at"], name="upstream_call_source_idx"),
            models.Index(fields=["credential_id", "created_at"], name="upstream_call_credential_idx"),
            # an account's daily upstream-call quota (accounts.quotas)
            models.Index(fields=["account_id", "created_at"], name="upstream_call_account_idx"),
        ]

    def __str__(self):
        outcome = "ok" if self.ok else self.error_code or "failed"
        return f"{self.source} {self.method} {self.endpoint} {self.status_code or '-'} {outcome}"

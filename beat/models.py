"""The durable record of every piece of work (a task), and runtime switches."""
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    COMPLETE = "COMPLETE"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"
    TIMEOUT = "TIMEOUT"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


FINISHED = (Status.COMPLETE, Status.PARTIAL, Status.FAILED, Status.TIMEOUT, Status.CANCELLED, Status.EXPIRED)
REQUEUEABLE = (Status.FAILED, Status.TIMEOUT, Status.PARTIAL, Status.CANCELLED)
EXPIRED_ERROR = {"code": "expired", "message": "The task expired before it could start."}


class Platform(models.TextChoices):
    INSTAGRAM = "INSTAGRAM"
    YOUTUBE = "YOUTUBE"
    SHOPIFY = "SHOPIFY"
    GPT = "GPT"
    BEAT = "BEAT"


class ScrapeRequestLog(models.Model):
    idempotency_key = models.CharField(max_length=200, null=True, blank=True,
                                       help_text="Unique per account: the same key returns the existing task.")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    flow = models.CharField(max_length=100)  # indexed by srl_flow_idx (no LIKE twin: nothing matches a prefix)
    queue = models.CharField(max_length=50, default="default")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    priority = models.IntegerField(default=1, help_text="Higher runs first.")
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="tasks", db_index=False)  # srl_account_idx leads with it
    data = models.JSONField(null=True, blank=True, help_text="The flow's result.")
    error = models.JSONField(null=True, blank=True, help_text="{code, message, details} of the last error.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    picked_at = models.DateTimeField(null=True, blank=True)
    scraped_at = models.DateTimeField(null=True, blank=True, help_text="When it finished.")
    expires_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True, help_text="Not started before this time.")
    lease_until = models.DateTimeField(null=True, blank=True, help_text="A running claim is taken back after this.")
    worker = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        db_table = "scrape_request_log"
        indexes = [
            # the claim: ready tasks by priority then age
            models.Index(fields=["-priority", "created_at", "id"], name="srl_ready_idx",
                         condition=Q(status="PENDING")),
            # concurrency caps count running tasks per flow; lease recovery scans the same few rows
            models.Index(fields=["flow", "lease_until"], name="srl_running_idx", condition=Q(status="PROCESSING")),
            # due wake-ups (beat.queue.due): pending tasks by the time they may start again
            models.Index(fields=["retry_at"], name="srl_due_idx", condition=Q(status="PENDING", retry_at__isnull=False)),
            models.Index(fields=["account", "-created_at"], name="srl_account_idx"),
            # an account's quota of tasks pending or running at once counts these few rows
            models.Index(fields=["account"], name="srl_account_in_flight_idx",
                         condition=Q(status__in=["PENDING", "PROCESSING"])),
            models.Index(fields=["status", "flow"], name="srl_status_flow_idx"),
            # the admin's and the dashboard's per-flow lists
            models.Index(fields=["flow"], name="srl_flow_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="srl_status_valid"),
            # keys are per account: two accounts' equal keys never meet (NULLs are distinct in a
            # unique index, so tasks of no account get their own constraint)
            models.UniqueConstraint(fields=["account", "idempotency_key"], name="srl_idempotency_per_account",
                                    condition=Q(account__isnull=False, idempotency_key__isnull=False)),
            models.UniqueConstraint(fields=["idempotency_key"], name="srl_idempotency_no_account",
                                    condition=Q(account__isnull=True, idempotency_key__isnull=False)),
        ]

    def __str__(self):
        return f"#{self.pk} {self.flow} {self.status}"

    @property
    def scrape_id(self):
        return self.pk

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED


class QueueEvent(models.Model):
    """Something the queue's supervision did that an operator should see (admin: queue events)."""

    class Kind(models.TextChoices):
        CLUSTER_WEDGED = "cluster_wedged", "cluster wedged and restarted"
        WORKERS_LOST = "workers_lost", "workers lost, their tasks taken back"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    cluster = models.CharField(max_length=200, blank=True, default="", help_text="host:pid of the cluster")
    message = models.TextField()
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "beat_queue_event"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.cluster}"


class RuntimeFlag(models.Model):
    """Switches ops flip at run time and every process reads (e.g. the heartbeat drain)."""

    name = models.CharField(max_length=50, primary_key=True)
    enabled = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        db_table = "beat_runtime_flag"

    @classmethod
    def is_on(cls, name: str, default: bool = True) -> bool:
        row = cls.objects.filter(name=name).values_list("enabled", flat=True).first()
        return default if row is None else row
from beat.models_upstream import UpstreamCall  # noqa: E402,F401
from beat.models_events import OutboxEvent  # noqa: E402,F401

"""Upkeep of the queue, run by the maintenance process (beat.queue.maintainer), never by workers.

- leases: a PROCESSING task past lease_until lost its worker; it runs again until max_attempts,
  then FAILED with the reason (take_back does the same at once for workers known to be dead);
- expiry: a PENDING task past expires_at ends EXPIRED without running;
- wake-ups: ready tasks that waited longer than BEAT_WAKEUP_STALE get fresh wake-ups, as many as
  the broker's backlog does not already cover.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Now
from django.utils import timezone

from beat.models import EXPIRED_ERROR, QueueEvent, ScrapeRequestLog, Status
from beat.queue import claim, wakeup

log = logging.getLogger(__name__)
MAX_WAKEUPS_PER_TICK = 1000


def tick() -> dict:
    return {"recovered": recover_lost_claims(), "expired": expire_pending(), "woken": resend_wakeups()}


def recover_lost_claims() -> int:
    """Claims past their lease: the backstop when a worker's death was not seen."""
    # the database's clock: on PostgreSQL leases are set by it (beat_claim_batch), whatever the app servers' clocks say
    lost = ScrapeRequestLog.objects.filter(status=Status.PROCESSING, lease_until__lt=Now())
    return _take_back(lost, "The worker running this task stopped before finishing it.")


def take_back(workers: list[str], reason: str) -> int:
    """The tasks of workers known to be dead (their process is gone, or their heartbeat stopped): run
    again now, without waiting for their leases."""
    if not workers:
        return 0
    lost = ScrapeRequestLog.objects.filter(status=Status.PROCESSING, worker__in=[w[:100] for w in workers])
    taken = _take_back(lost, f"The worker running this task stopped before finishing it ({reason}).")
    if taken:
        record_event(QueueEvent.Kind.WORKERS_LOST, "", f"took back {taken} tasks: {reason}", {"workers": workers})
    return taken


def record_event(kind: str, cluster: str, message: str, details: dict | None = None) -> None:
    QueueEvent.objects.create(kind=kind, cluster=cluster[:200], message=message, details=details or {})


def _take_back(lost, message: str) -> int:
    now = timezone.now()
    error = {"code": "worker_lost", "message": message}
    failed = lost.filter(attempts__gte=F("max_attempts")).update(
        status=Status.FAILED, scraped_at=now, updated_at=now, lease_until=None,
        error={**error, "message": error["message"] + " No attempts left."})
    queues = list(lost.values("queue").annotate(n=Count("id")))
    retried = lost.update(status=Status.PENDING, retry_at=None, lease_until=None, updated_at=now, error=error)
    for row in queues:
        wakeup.send(row["queue"], row["n"])
    if failed or retried:
        log.warning("took back %s lost claims (%s failed, no attempts left)", failed + retried, failed)
    return failed + retried


def expire_pending() -> int:
    now = timezone.now()
    return ScrapeRequestLog.objects.filter(status=Status.PENDING, expires_at__lte=now).update(
        status=Status.EXPIRED, scraped_at=now, updated_at=now,
        error=EXPIRED_ERROR)


def resend_wakeups() -> int:
    now = timezone.now()
    stale = now - timedelta(seconds=settings.BEAT_WAKEUP_STALE)
    waiting = (claim.ready(now=now)
               .filter(Q(retry_at__isnull=False) | Q(updated_at__lte=stale))
               .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
               .values("queue").annotate(n=Count("id")).order_by("queue"))
    try:
        backlog = wakeup.broker().queue_size() or 0
    except Exception:
        backlog = 0
    sent = 0
    budget = MAX_WAKEUPS_PER_TICK
    for row in waiting:
        missing = min(budget, max(0, row["n"] - backlog))
        backlog = max(0, backlog - row["n"])
        if missing:
            sent += wakeup.send(row["queue"], missing)
            budget -= missing
    return sent

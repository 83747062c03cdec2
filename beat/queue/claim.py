"""The atomic claim: the next ready task of a queue, highest priority first, then oldest.

One short transaction, no upstream call inside it (STACK-NOTES: an open transaction bloats a queue
table). On PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so racing workers
never take the same task; a per-flow advisory lock serialises the concurrency-cap check so a cap
holds exactly under load. SQLite (the embedded default) serialises writers on its own.
"""
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from beat.flows import get_flow
from beat.models import ScrapeRequestLog, Status

_CLAIM_SQL = """
UPDATE scrape_request_log
   SET status = %s, picked_at = %s, updated_at = %s, lease_until = %s,
       attempts = attempts + 1, worker = %s, retry_at = NULL
 WHERE id = %s
   AND (SELECT count(*) FROM scrape_request_log r WHERE r.status = %s AND r.flow = %s) < %s
RETURNING *
"""


def ready(queue: str | None = None, now=None):
    now = now or timezone.now()
    qs = ScrapeRequestLog.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now),
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        status=Status.PENDING,
    )
    return qs if queue is None else qs.filter(queue=queue)


def claim_next(*, queue: str, worker: str) -> ScrapeRequestLog | None:
    """Claim one ready task of `queue` for `worker`, or None when nothing can run now."""
    saturated: set[str] = set()
    while True:
        with transaction.atomic():
            now = timezone.now()
            candidate = _candidate(queue, now, saturated)
            if candidate is None:
                return None
            cap, timeout = _limits(candidate.flow)
            _lock_flow(candidate.flow)
            lease_until = now + timedelta(seconds=timeout + settings.BEAT_LEASE_GRACE)
            claimed = list(ScrapeRequestLog.objects.raw(_CLAIM_SQL, [
                Status.PROCESSING, now, now, lease_until, worker[:100], candidate.pk,
                Status.PROCESSING, candidate.flow, cap,
            ]))
        if claimed:
            return claimed[0]
        saturated.add(candidate.flow)


def _candidate(queue, now, saturated):
    qs = ready(queue, now).exclude(flow__in=saturated).order_by("-priority", "created_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return qs.only("id", "flow").first()


def _limits(flow_name: str) -> tuple[int, int]:
    """A flow removed from the code still gets claimed, so the runner can fail it with a reason."""
    try:
        entry = get_flow(flow_name)
    except Exception:
        return 1_000_000, 60
    return entry.concurrency, entry.timeout


def _lock_flow(flow_name: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["beat.flow." + flow_name])


def claim_task(task_id: int, *, worker: str) -> ScrapeRequestLog | None:
    """Claim one given task if it is PENDING (for `run_task` and the admin's debugging), caps aside."""
    now = timezone.now()
    with transaction.atomic():
        task = ScrapeRequestLog.objects.select_for_update().filter(pk=task_id, status=Status.PENDING).first()
        if task is None:
            return None
        _cap, timeout = _limits(task.flow)
        task.status, task.picked_at, task.worker, task.retry_at = Status.PROCESSING, now, worker[:100], None
        task.attempts += 1
        task.lease_until = now + timedelta(seconds=timeout + settings.BEAT_LEASE_GRACE)
        task.save(update_fields=["status", "picked_at", "worker", "retry_at", "attempts", "lease_until",
                                 "updated_at"])
    return task

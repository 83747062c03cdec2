"""The atomic claim: the next ready tasks of a queue, highest priority first, then oldest.

One short transaction, no upstream call inside it (STACK-NOTES: an open transaction bloats a queue
table). On PostgreSQL a claim is one call of the function beat_claim_batch (migration 0010): each
candidate row is locked with FOR UPDATE SKIP LOCKED, so racing workers never take the same task, and
a per-flow advisory lock serialises the concurrency-cap count, so a cap holds exactly under load. A
batch holds up to `limit` tasks of flows the worker knows to be quick (beat.queue.quick), and at most
one other task, last. SQLite (the embedded default) serialises writers on its own; there the same
steps run from Python.
"""
import json
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from beat.flows import all_flows, get_flow
from beat.flows.registry import flow_count
from beat.models import ScrapeRequestLog, Status
from beat.queue import bound

_CLAIM_BATCH = "SELECT * FROM beat_claim_batch(%s, %s, %s::jsonb, %s, %s, %s::text[])"
UNKNOWN_FLOW_LIMITS = (1_000_000, 60)  # a flow removed from the code is still claimed, to be failed

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
    claimed = claim_batch(queue=queue, worker=worker, limit=1)
    return claimed[0] if claimed else None


def claim_batch(*, queue: str, worker: str, limit: int, quick=()) -> list[ScrapeRequestLog]:
    """Claim up to `limit` ready tasks of `queue` for `worker`, in the order they should run: tasks of
    the `quick` flows, and at most one task of another flow, last. [] when nothing can run now."""
    if connection.vendor == "postgresql":
        limits = _limits_json(flow_count())
        with bound.cursor() as cursor:
            cursor.execute(_CLAIM_BATCH, [queue, worker[:100], limits, settings.BEAT_LEASE_GRACE, limit, list(quick)])
            return _tasks(cursor)
    claimed = []
    while len(claimed) < limit and (task := _claim_next_portable(queue, worker)) is not None:
        claimed.append(task)
        if task.flow not in quick:
            break
    return claimed


@lru_cache(maxsize=4)
def _limits_json(_registry_size: int) -> str:
    """Every flow's [cap, timeout], for the claim function (cached until a flow is registered)."""
    return json.dumps({f.name: [f.concurrency, f.timeout] for f in all_flows()})


def _claim_next_portable(queue: str, worker: str):
    saturated: set[str] = set()
    while True:
        with transaction.atomic():
            now = timezone.now()
            candidate = ready(queue, now).exclude(flow__in=saturated).order_by("-priority", "created_at", "id")
            candidate = candidate.only("id", "flow").first()
            if candidate is None:
                return None
            cap, timeout = _limits(candidate.flow)
            lease_until = now + timedelta(seconds=timeout + settings.BEAT_LEASE_GRACE)
            claimed = list(ScrapeRequestLog.objects.raw(_CLAIM_SQL, [
                Status.PROCESSING, now, now, lease_until, worker[:100], candidate.pk,
                Status.PROCESSING, candidate.flow, cap,
            ]))
        if claimed:
            return claimed[0]
        saturated.add(candidate.flow)


_COLUMNS = [(f.column, getattr(f, "from_db_value", None)) for f in ScrapeRequestLog._meta.concrete_fields]


def _tasks(cursor) -> list[ScrapeRequestLog]:
    """Model instances of the rows a cursor returned (columns in the table's order, values as the
    ORM would convert them)."""
    where = {column.name: i for i, column in enumerate(cursor.description)}
    tasks = []
    for row in cursor.fetchall():
        values = [row[where[column]] if convert is None else convert(row[where[column]], None, connection)
                  for column, convert in _COLUMNS]
        tasks.append(ScrapeRequestLog.from_db(connection.alias, None, values))
    return tasks


def _limits(flow_name: str) -> tuple[int, int]:
    try:
        entry = get_flow(flow_name)
    except Exception:
        return UNKNOWN_FLOW_LIMITS
    return entry.concurrency, entry.timeout


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


def release(tasks: list[ScrapeRequestLog]) -> int:
    """Hand claimed tasks that have not started back to the queue, as if never claimed (the attempt
    given back), while the claims are still theirs; returns how many."""
    if not tasks:
        return 0
    # one worker's own claims: while it runs this, none of them can have been claimed again by it
    return ScrapeRequestLog.objects.filter(
        pk__in=[t.pk for t in tasks], status=Status.PROCESSING, worker=tasks[0].worker,
    ).update(status=Status.PENDING, attempts=F("attempts") - 1, worker="", picked_at=None, lease_until=None,
             updated_at=timezone.now())

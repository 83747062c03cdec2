"""Run one claimed task under its flow's timeout and record how it ended.

Outcomes: COMPLETE or PARTIAL (the flow's result has "partial": true); TIMEOUT; RateLimited puts the
task back to PENDING with retry_at and gives the attempt back; a transient error is retried with
backoff until max_attempts; a permanent one fails at once. Every write is conditional on the claim
still being ours, so a task taken back after its lease is never finished twice.
"""
import logging
import socket
import time
import os
from datetime import timedelta

from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from beat.errors import BeatError, FlowTimeout, RateLimited, UnknownFlow
from beat.flows import FlowContext, get_flow
from beat.models import ScrapeRequestLog, Status
from beat.queue.backoff import rate_limit_delay, retry_delay
from beat.queue.timeouts import time_limit

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run(task: ScrapeRequestLog) -> str:
    """Run a task this worker has claimed; returns the status it ended in."""
    try:
        entry = get_flow(task.flow)
    except UnknownFlow as exc:
        return _end(task, Status.FAILED, error=exc.as_dict())
    ctx = FlowContext(task_id=task.pk, flow=entry.name, account_id=task.account_id, attempt=task.attempts,
                      deadline=time.monotonic() + entry.timeout, priority=task.priority)
    try:
        with time_limit(entry.timeout, entry.name):
            result = entry.run(ctx, dict(task.params or {}))
    except FlowTimeout as exc:
        return _end(task, Status.TIMEOUT, error=exc.as_dict())
    except RateLimited as exc:
        return _reschedule(task, exc)
    except BeatError as exc:
        return _failed(task, exc.as_dict(), transient=not exc.permanent)
    except Exception as exc:  # a bug or an infrastructure hiccup: retried, and logged with its trace
        log.exception("task %s (%s) raised", task.pk, task.flow)
        close_old_connections()
        # its text may hold anything (a path, a value, an upstream's words): clients see its kind only
        return _failed(task, {"code": "internal_error", "message": f"internal error ({type(exc).__name__}); "
                              "the worker log has the details"}, transient=True)
    status = Status.PARTIAL if result.get("partial") else Status.COMPLETE
    return _end(task, status, data=result)


def _end(task, status, *, data=None, error=None) -> str:
    now = timezone.now()
    _write(task, status=status, data=data, error=error, scraped_at=now, lease_until=None)
    return status


def _failed(task, error: dict, *, transient: bool) -> str:
    if transient and task.attempts < task.max_attempts:
        retry_at = timezone.now() + timedelta(seconds=retry_delay(task.attempts))
        _write(task, status=Status.PENDING, error=error, retry_at=retry_at, lease_until=None)
        return Status.PENDING
    if transient:
        error = {**error, "message": f"{error['message']} (gave up after {task.attempts} attempts)"}
    return _end(task, Status.FAILED, error=error)


def _reschedule(task, exc: RateLimited) -> str:
    """Waiting on a rate limit holds no worker and uses no attempt. The task is woken at retry_at
    (beat.queue.due); the error keeps retry_at, since the claim clears the column."""
    retry_at = timezone.now() + timedelta(seconds=rate_limit_delay(exc.retry_after))
    _write(task, status=Status.PENDING, error={**exc.as_dict(), "retry_at": retry_at.isoformat()},
           retry_at=retry_at, lease_until=None, attempts=max(0, task.attempts - 1))
    return Status.PENDING


_FIELDS = {f.name: f for f in ScrapeRequestLog._meta.concrete_fields}


def _write(task, **changes) -> None:
    """One UPDATE, only while the claim is still this worker's. A connection PostgreSQL dropped (a
    restart, a terminated backend) is opened again once: the outcome is not left to the lease."""
    try:
        _update(task, changes)
    except (OperationalError, InterfaceError):
        connection.close()
        _update(task, changes)


def _update(task, changes: dict) -> None:
    """Plain SQL: on the hot path of every task, the ORM's query building cost more than the statement."""
    changes["updated_at"] = timezone.now()
    names = list(changes)
    values = [_FIELDS[name].get_db_prep_save(changes[name], connection) for name in names]
    assignments = ", ".join(f'"{_FIELDS[name].column}" = %s' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE scrape_request_log SET {assignments} "
                       f"WHERE id = %s AND status = %s AND attempts = %s AND worker = %s",
                       [*values, task.pk, Status.PROCESSING, task.attempts, task.worker])
        updated = cursor.rowcount
    if not updated:
        log.warning("task %s was taken back from this worker before it finished; its outcome is dropped",
                    task.pk)

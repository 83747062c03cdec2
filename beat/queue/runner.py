"""Run one claimed task under its flow's timeout and record how it ended.

Outcomes: COMPLETE or PARTIAL (the flow's result has "partial": true); TIMEOUT; RateLimited puts the
task back to PENDING with retry_at and gives the attempt back; a transient error is retried with
backoff until max_attempts; a permanent one fails at once. Every write is conditional on the claim
still being ours, so a task taken back after its lease is never finished twice (beat.queue.outcomes);
given a `batch`, the outcome is written with the batch's others.
"""
import logging
import socket
import time
import os
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

from beat.errors import BeatError, FlowTimeout, RateLimited, UnknownFlow
from beat.flows import FlowContext, get_flow
from beat.models import EXPIRED_ERROR, ScrapeRequestLog, Status
from beat.queue import outcomes
from beat.queue.backoff import rate_limit_delay, retry_delay
from beat.queue.timeouts import time_limit

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run(task: ScrapeRequestLog, batch: outcomes.Batch | None = None) -> str:
    """Run a task this worker has claimed; returns the status it ended in."""
    if task.expires_at is not None and task.expires_at <= timezone.now():  # it waited in a batch
        return _end(task, batch, Status.EXPIRED, error=EXPIRED_ERROR)
    try:
        entry = get_flow(task.flow)
    except UnknownFlow as exc:
        return _end(task, batch, Status.FAILED, error=exc.as_dict())
    ctx = FlowContext(task_id=task.pk, flow=entry.name, account_id=task.account_id, attempt=task.attempts,
                      deadline=time.monotonic() + entry.timeout, priority=task.priority)
    try:
        with time_limit(entry.timeout, entry.name):
            result = entry.run(ctx, dict(task.params or {}))
    except FlowTimeout as exc:
        return _end(task, batch, Status.TIMEOUT, error=exc.as_dict())
    except RateLimited as exc:
        return _reschedule(task, batch, exc)
    except BeatError as exc:
        return _failed(task, batch, exc.as_dict(), transient=not exc.permanent)
    except Exception as exc:  # a bug or an infrastructure hiccup: retried, and logged with its trace
        log.exception("task %s (%s) raised", task.pk, task.flow)
        close_old_connections()
        # its text may hold anything (a path, a value, an upstream's words): clients see its kind only
        return _failed(task, batch, {"code": "internal_error", "message": f"internal error ({type(exc).__name__}); "
                              "the worker log has the details"}, transient=True)
    status = Status.PARTIAL if result.get("partial") else Status.COMPLETE
    return _end(task, batch, status, data=result)


def _end(task, batch, status, *, data=None, error=None) -> str:
    now = timezone.now()
    outcomes.write(task, dict(status=status, data=data, error=error, scraped_at=now, lease_until=None), batch)
    return status


def _failed(task, batch, error: dict, *, transient: bool) -> str:
    if transient and task.attempts < task.max_attempts:
        retry_at = timezone.now() + timedelta(seconds=retry_delay(task.attempts))
        outcomes.write(task, dict(status=Status.PENDING, error=error, retry_at=retry_at, lease_until=None), batch)
        return Status.PENDING
    if transient:
        error = {**error, "message": f"{error['message']} (gave up after {task.attempts} attempts)"}
    return _end(task, batch, Status.FAILED, error=error)


def _reschedule(task, batch, exc: RateLimited) -> str:
    """Waiting on a rate limit holds no worker and uses no attempt. The task is woken at retry_at
    (beat.queue.due); the error keeps retry_at, since the claim clears the column."""
    retry_at = timezone.now() + timedelta(seconds=rate_limit_delay(exc.retry_after))
    outcomes.write(task, dict(status=Status.PENDING, error={**exc.as_dict(), "retry_at": retry_at.isoformat()},
                              retry_at=retry_at, lease_until=None, attempts=max(0, task.attempts - 1)), batch)
    return Status.PENDING

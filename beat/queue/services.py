"""What every edge (API, admin, commands, messages) calls to create and change tasks."""
from contextlib import nullcontext
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from beat.errors import IdempotencyConflict, InvalidState
from beat.flows import Submitter, get_flow
from beat.models import REQUEUEABLE, ScrapeRequestLog, Status
from beat.queue import wakeup


def submit(flow_name: str, params: dict | None = None, *, account=None, priority: int = 1,
           idempotency_key: str | None = None, expires_at: datetime | None = None,
           by=frozenset({Submitter.SYSTEM})):
    """Validate and store a task, wake a worker after commit. Returns (task, created).

    by: who asks (accounts.auth.submitter_roles for API callers; commands and messages are the system).
    Raises UnknownFlow, Forbidden (a flow `by` may not submit), InvalidParams, IdempotencyConflict (the
    key names another account's task), QuotaExceeded (the account's quotas).
    """
    entry = get_flow(flow_name)
    entry.check_submitter(by)
    clean = entry.validate(params)
    if idempotency_key:
        existing = _existing(idempotency_key, account)
        if existing:
            return existing, False
    if account is not None:
        from accounts.quotas import check_submit  # accounts imports beat: resolved at call time

        check_submit(account)
    fields = dict(platform=entry.platform, flow=entry.name, queue=entry.queue, params=clean,
                  priority=priority, max_attempts=entry.max_attempts, account=account,
                  idempotency_key=idempotency_key or None, expires_at=expires_at)
    try:
        # Outside a transaction the INSERT commits alone (one round trip); inside one, a savepoint
        # keeps the caller's transaction usable if the idempotency key raced.
        with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
            task = ScrapeRequestLog.objects.create(**fields)
            wakeup.after_commit(task.queue)
    except IntegrityError:
        existing = idempotency_key and _existing(idempotency_key, account)
        if not existing:
            raise
        return existing, False
    return task, True


def _existing(key: str, account):
    task = ScrapeRequestLog.objects.filter(idempotency_key=key).first()
    if task and task.account_id != (account.pk if account else None):
        raise IdempotencyConflict("That idempotency_key is already in use.")
    return task


def cancel(task: ScrapeRequestLog) -> ScrapeRequestLog:
    """PENDING -> CANCELLED. A running or finished task cannot be cancelled."""
    done = _transition(task, allowed=(Status.PENDING,), status=Status.CANCELLED, scraped_at=timezone.now())
    if not done:
        raise InvalidState(f"Only a PENDING task can be cancelled; #{task.pk} is {task.status}.")
    return task


def requeue(task: ScrapeRequestLog) -> ScrapeRequestLog:
    """FAILED, TIMEOUT, PARTIAL or CANCELLED -> PENDING with fresh attempts."""
    with transaction.atomic():
        done = _transition(task, allowed=REQUEUEABLE, status=Status.PENDING, attempts=0, error=None,
                           retry_at=None, picked_at=None, scraped_at=None, lease_until=None, worker="")
        if not done:
            raise InvalidState(f"Only FAILED, TIMEOUT, PARTIAL or CANCELLED tasks can be requeued; "
                               f"#{task.pk} is {task.status}.")
        wakeup.after_commit(task.queue)
    return task


def update(task: ScrapeRequestLog, *, priority: int | None = None, expires_at=None) -> ScrapeRequestLog:
    """Change priority or expiry of a task that has not started."""
    changes = {}
    if priority is not None:
        changes["priority"] = priority
    if expires_at is not None:
        changes["expires_at"] = expires_at
    if changes and not _transition(task, allowed=(Status.PENDING,), **changes):
        raise InvalidState(f"Only a PENDING task can be changed; #{task.pk} is {task.status}.")
    return task


def run_now(task: ScrapeRequestLog) -> ScrapeRequestLog:
    """Make the task ready at once (requeueing it if it had ended) and wake a worker."""
    if task.status in REQUEUEABLE:
        return requeue(task)
    with transaction.atomic():
        if not _transition(task, allowed=(Status.PENDING,), retry_at=None):
            raise InvalidState(f"#{task.pk} is {task.status}; only pending or ended tasks can be run now.")
        wakeup.after_commit(task.queue)
    return task


def _transition(task: ScrapeRequestLog, *, allowed, **changes) -> bool:
    """Apply changes only if the row is still in an allowed status (no lost updates vs workers)."""
    changes["updated_at"] = timezone.now()
    count = ScrapeRequestLog.objects.filter(pk=task.pk, status__in=allowed).update(**changes)
    task.refresh_from_db()
    return bool(count)

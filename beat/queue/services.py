"""What every edge (API, admin, commands, messages) calls to create and change tasks."""
from contextlib import nullcontext
from datetime import datetime

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from beat.errors import InvalidRequest, InvalidState, NotImplementedYet
from beat.flows import Submitter, get_flow
from beat.models import EXPIRED_ERROR, REQUEUEABLE, ScrapeRequestLog, Status
from beat.queue import bound, pokes, wakeup

# Priorities (higher runs first). A client's API key gets a small range so that it cannot push its
# work ahead of everyone's; staff, commands and Beat's own edges (refreshes a caller waits on) more.
CLIENT_PRIORITY = (0, 10)
PRIORITY = (0, 1000)


def submit(flow_name: str, params: dict | None = None, *, account=None, priority: int = 1,
           idempotency_key: str | None = None, expires_at: datetime | None = None,
           by=frozenset({Submitter.SYSTEM})):
    """Validate and store a task, wake a worker after commit. Returns (task, created).

    by: who asks (beat.selectors.submitter_roles for API callers; commands and messages are the system).
    A client's API key (client, not staff) gets the narrower priority range and params.
    Raises UnknownFlow, Forbidden (a flow `by` may not submit), NotImplementedYet (a placeholder),
    InvalidRequest (priority), InvalidParams, QuotaExceeded (the account's quotas).
    A task whose expires_at has already passed is stored EXPIRED: it never reads as if it could run.
    """
    entry = get_flow(flow_name)
    entry.check_submitter(by)
    if not entry.implemented:
        raise NotImplementedYet(f"{entry.name} is registered but not built yet; nothing was queued.")
    client = Submitter.CLIENT in by and Submitter.STAFF not in by
    check_priority(priority, client=client)
    clean = entry.validate(params, client=client)
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
    now = timezone.now()
    expired = expires_at is not None and expires_at <= now
    if expired:
        fields.update(status=Status.EXPIRED, scraped_at=now, error=EXPIRED_ERROR)
    try:
        # Outside a transaction the INSERT commits alone (one round trip); inside one, a savepoint
        # keeps the caller's transaction usable if the idempotency key raced.
        with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
            task = _insert(fields)  # its statement pokes the queue's lingerer (beat.queue.pokes)
            if not expired:
                wakeup.after_commit(task.queue, poked=True)
    except IntegrityError:
        existing = idempotency_key and _existing(idempotency_key, account)
        if not existing:
            raise
        return existing, False
    return task, True


_INSERT_FIELDS = [f for f in ScrapeRequestLog._meta.concrete_fields if not f.primary_key]
_INSERT = pokes.carried_by(
    f"INSERT INTO {ScrapeRequestLog._meta.db_table} ({', '.join(f.column for f in _INSERT_FIELDS)}) "
    f"VALUES ({', '.join(['%s'] * len(_INSERT_FIELDS))}) RETURNING id")
_STAMPED = {f.attname for f in _INSERT_FIELDS if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
_ADAPTED = [f for f in _INSERT_FIELDS if isinstance(f, models.JSONField)]  # the only values not sent as they are


def _insert(fields: dict) -> ScrapeRequestLog:
    """The task's row: ORM create(), but on PostgreSQL its one INSERT binds on the server (the path
    of every submit: see beat.queue.bound) and carries the poke of the task's queue. The values go out
    as the model's defaults and stamps would make them, without a model instance: the instance is
    built once the statement is back (the worker may be claiming the task by then)."""
    if connection.vendor != "postgresql":
        return ScrapeRequestLog.objects.create(**fields)
    account = fields.get("account")
    given = {ScrapeRequestLog._meta.get_field(name).attname: value for name, value in fields.items()}
    given["account_id"] = account.pk if account is not None else None
    now = timezone.now()
    row = {f.attname: now if f.attname in _STAMPED else given[f.attname] if f.attname in given else f.get_default()
           for f in _INSERT_FIELDS}
    sent = {**row, **{f.attname: f.get_db_prep_save(row[f.attname], connection) for f in _ADAPTED}}
    with bound.cursor(prepared=True) as cursor:  # RETURNING id only: its result never changes shape
        cursor.execute(_INSERT, [*sent.values(), pokes.channel(row["queue"])])
        pk = cursor.fetchone()[0]
    task = ScrapeRequestLog(pk=pk, **row)
    if account is not None:
        task.account = account
    task._state.adding, task._state.db = False, connection.alias
    return task


def check_priority(priority, *, client: bool = False) -> None:
    """InvalidRequest unless priority is an integer in the caller's range."""
    low, high = CLIENT_PRIORITY if client else PRIORITY
    if isinstance(priority, bool) or not isinstance(priority, int) or not low <= priority <= high:
        who = "an API key" if client else "Beat"
        message = f"priority: must be an integer from {low} to {high} for {who}."
        raise InvalidRequest(message, details={"priority": [message.partition(": ")[2]]})


def _existing(key: str, account):
    """The task of this account with this key: keys are per account, others' keys are never seen."""
    return ScrapeRequestLog.objects.filter(idempotency_key=key, account=account).first()


def expire_overdue(tasks=None) -> int:
    """End PENDING tasks (of `tasks`, default all) whose expires_at has passed; the count.

    Maintenance does it on its schedule; reads do it too, so that no answer shows an expired task
    as PENDING in between."""
    now = timezone.now()
    tasks = ScrapeRequestLog.objects.all() if tasks is None else tasks
    return tasks.filter(status=Status.PENDING, expires_at__lte=now).update(
        status=Status.EXPIRED, scraped_at=now, updated_at=now, error=EXPIRED_ERROR)


def cancel(task: ScrapeRequestLog) -> ScrapeRequestLog:
    """PENDING -> CANCELLED. A running or finished task cannot be cancelled."""
    done = _transition(task, allowed=(Status.PENDING,), status=Status.CANCELLED, scraped_at=timezone.now())
    if not done:
        raise InvalidState(f"Only a PENDING task can be cancelled; #{task.pk} is {task.status}.")
    return task


def requeue(task: ScrapeRequestLog, *, finished: bool = False, expires_at=None) -> ScrapeRequestLog:
    """FAILED, TIMEOUT, PARTIAL or CANCELLED -> PENDING with fresh attempts (and a new expiry if given;
    a task still past its expiry ends EXPIRED at once).

    finished: any ended task, COMPLETE and EXPIRED too, whatever its expiry (an operator's
    `run_task --force`)."""
    allowed, forced = REQUEUEABLE, {}
    if finished:
        allowed, forced = tuple(s for s in Status if s not in (Status.PENDING, Status.PROCESSING)), {"expires_at": None}
    if expires_at is not None:
        forced["expires_at"] = expires_at
    with transaction.atomic():
        done = _transition(task, allowed=allowed, status=Status.PENDING, attempts=0, error=None, retry_at=None,
                           picked_at=None, scraped_at=None, lease_until=None, worker="", **forced)
        if not done:
            names = "ended" if finished else "FAILED, TIMEOUT, PARTIAL or CANCELLED"
            raise InvalidState(f"Only {names} tasks can be requeued; #{task.pk} is {task.status}.")
        if _expire_if_due(task):
            return task
        wakeup.after_commit(task.queue)
    return task


def update(task: ScrapeRequestLog, *, priority: int | None = None, expires_at=None,
           client: bool = False) -> ScrapeRequestLog:
    """Change priority or expiry of a task that has not started (an expiry in the past ends it)."""
    changes = {}
    if priority is not None:
        check_priority(priority, client=client)
        changes["priority"] = priority
    if expires_at is not None:
        changes["expires_at"] = expires_at
    if changes and not _transition(task, allowed=(Status.PENDING,), **changes):
        raise InvalidState(f"Only a PENDING task can be changed; #{task.pk} is {task.status}.")
    _expire_if_due(task)
    return task


def _expire_if_due(task: ScrapeRequestLog) -> bool:
    if task.status == Status.PENDING and task.expires_at and expire_overdue(
            ScrapeRequestLog.objects.filter(pk=task.pk)):
        task.refresh_from_db()
        return True
    return False


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

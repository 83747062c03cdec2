"""The django-q2 seam. A broker message is only a wake-up: "claim and run ready tasks of this queue".

The row in scrape_request_log is the record, so a lost wake-up (Redis restart, killed worker) loses
nothing: maintenance counts ready tasks against the broker's backlog and sends what is missing.
"""
import logging
import time

from django.conf import settings
from django.db import connection, transaction

from beat.queue import batch, claim, heartbeat, marks, quick, runner

log = logging.getLogger(__name__)
WAKE = "beat.queue.wakeup.wake"
_broker = None


def broker():
    global _broker
    if _broker is None:
        from django_q.brokers import get_broker

        _broker = get_broker()
    return _broker


def send(queue: str = "default", count: int = 1) -> int:
    """Put wake-ups on the broker, at most one per worker of a cluster (one wake-up drains a queue, and
    its worker recruits others while it finds more: see wake). Never raises: the task row is safe
    whatever the broker does."""
    from django_q.tasks import async_task

    sent = 0
    try:
        for _ in range(min(count, settings.Q_CLUSTER["workers"])):
            async_task(WAKE, queue, save=False, broker=broker(), task_name="beat-wake")
            sent += 1
    except Exception as exc:
        log.warning("could not send a wake-up (%s: %s); maintenance will re-send it", type(exc).__name__, exc)
    return sent


def nudge(queue: str = "default") -> None:
    """Wake a worker for a new ready task, unless one will claim it anyway: a wake-up already on its
    way, or a worker lingering on the queue (beat.queue.marks)."""
    if not marks.on_the_way(queue):
        send(queue)


def after_commit(queue: str = "default") -> None:
    transaction.on_commit(lambda: nudge(queue))


def wake(queue: str = "default") -> int:
    """Executed by django-q2 workers: claim ready tasks of the queue in batches and run them; go on
    claiming while no other wake-up waits in the broker, for up to BEAT_DRAIN_SECONDS. A claim that
    may have left ready tasks behind (a full batch, or one ending on a slow task) first recruits
    another worker, so a backlog of slow tasks spreads over the cluster within milliseconds. When
    nothing is ready, one worker per queue lingers up to BEAT_LINGER_MS for a new task's poke, so a
    steady trickle of tasks costs no wake-up message each and starts at once."""
    worker = runner.worker_name()
    deadline = time.monotonic() + settings.BEAT_DRAIN_SECONDS
    _commit_asynchronously()
    marks.started(queue)
    beat = heartbeat.current()
    ran = 0
    waited_in_vain = False
    while True:
        known_quick = frozenset(quick.times.quick())
        tasks = claim.claim_batch(queue=queue, worker=worker, limit=settings.BEAT_BATCH_SIZE, quick=known_quick)
        if not tasks:
            if waited_in_vain or _backlog() > 0 or time.monotonic() >= deadline:
                return ran
            poked = marks.linger(queue, settings.BEAT_LINGER_MS / 1000)
            if poked is None:
                return ran
            waited_in_vain = not poked  # then claim once more: a task may have come as the wait ended
            continue
        waited_in_vain = False
        if len(tasks) == settings.BEAT_BATCH_SIZE or tasks[-1].flow not in known_quick:
            nudge(queue)
        done, handed_back = batch.run(tasks, beat=beat, quick=known_quick)
        ran += done
        if handed_back:
            send(queue)
        if _backlog() > 0:
            return ran
        if time.monotonic() >= deadline:
            send(queue)  # more may be ready: hand the queue on rather than keep this worker
            return ran


_async_connection = None


def _commit_asynchronously() -> None:
    """A worker's writes need not wait for the WAL flush: everything a worker writes is redone if it
    is lost (the claim's lease runs out and the task runs again; effects are idempotent upserts), so
    a crash costs at most a fraction of a second of outcomes. Accepting a task (submit) stays durable:
    it runs in the web process, never here."""
    global _async_connection
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    if _async_connection is not connection.connection:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        _async_connection = connection.connection


def _backlog() -> int:
    try:
        return broker().queue_size() or 0
    except Exception:
        return 0

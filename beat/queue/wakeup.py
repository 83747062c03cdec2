"""The django-q2 seam. A broker message is only a wake-up: "claim and run ready tasks of this queue".

The row in scrape_request_log is the record, so a lost wake-up (Redis restart, killed worker) loses
nothing: maintenance counts ready tasks against the broker's backlog and sends what is missing.
"""
import logging
import time

from django.conf import settings
from django.db import connection, transaction

from beat.queue import claim, heartbeat, runner

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
    """Put wake-ups on the broker. Never raises: the task row is safe whatever the broker does."""
    from django_q.tasks import async_task

    sent = 0
    try:
        for _ in range(count):
            async_task(WAKE, queue, save=False, broker=broker(), task_name="beat-wake")
            sent += 1
    except Exception as exc:
        log.warning("could not send a wake-up (%s: %s); maintenance will re-send it", type(exc).__name__, exc)
    return sent


def after_commit(queue: str = "default") -> None:
    transaction.on_commit(lambda: send(queue))


def wake(queue: str = "default") -> int:
    """Executed by django-q2 workers: claim and run a ready task; go on claiming while no other
    wake-up waits in the broker (tasks a flow's cap held back, or whose wake-up was lost), for up to
    BEAT_DRAIN_SECONDS. While wake-ups wait, each runs one task, so none is spent finding nothing."""
    worker = runner.worker_name()
    deadline = time.monotonic() + settings.BEAT_DRAIN_SECONDS
    _commit_asynchronously()
    beat = heartbeat.current()
    ran = 0
    while True:
        task = claim.claim_next(queue=queue, worker=worker)
        if task is None:
            return ran
        if beat is not None:
            beat.running(task.pk)  # published within a second: what this worker holds
        runner.run(task)
        ran += 1
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

"""The django-q2 seam. A broker message is only a wake-up: "claim and run ready tasks of this queue".

The row in scrape_request_log is the record, so a lost wake-up (Redis restart, killed worker) loses
nothing: maintenance counts ready tasks against the broker's backlog and sends what is missing.
"""
import logging

from django.conf import settings
from django.db import connection, transaction

from beat.queue import marks, pokes

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
    """For tasks already ready: poke the queue's lingerer, and wake a worker unless one will claim
    them anyway (a wake-up already on its way, or a worker holding the queue: beat.queue.marks)."""
    if marks.on_the_way(queue):
        pokes.poke(queue)
    else:
        send(queue)


def after_commit(queue: str = "default", *, poked: bool = False) -> None:
    """For a task the current transaction makes ready: its poke rides the commit (unless the caller's
    statement `poked` already), then a wake-up is sent unless a worker will claim it anyway."""
    if not poked:
        pokes.poke(queue)
    transaction.on_commit(lambda: marks.on_the_way(queue) or send(queue))


def wake(queue: str = "default") -> int:
    """Executed by django-q2 workers: drain the queue (beat.queue.drain); returns how many tasks ran."""
    from beat.queue.drain import Drain  # drain uses this module's sends

    _commit_asynchronously()
    return Drain(queue).run()


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


def backlog() -> int:
    """Wake-ups waiting on the broker (any queue's); 0 when it cannot say."""
    try:
        return broker().queue_size() or 0
    except Exception:
        return 0

"""The maintenance process (`manage.py beat_maintenance`): queue upkeep outside the workers it repairs.

Every BEAT_DUE_POLL seconds it sends the wake-ups of tasks whose retry_at came (beat.queue.due);
every BEAT_HEARTBEAT_INTERVAL it takes back the tasks of workers whose heartbeat stopped for
BEAT_WORKER_DEAD_AFTER seconds (a whole cluster killed: nobody on its machine saw its workers die);
every BEAT_MAINTENANCE_INTERVAL seconds it runs the sweep (beat.queue.maintenance.tick: lost claims,
expiry, lost wake-ups). It has its own database connection and never goes through django-q2, so a
wedged cluster or a long wake-up backlog cannot hold it up.

Safe on several machines at once: on PostgreSQL one process holds a session advisory lock and works;
the others stand by and take over within a second of its session ending (a killed process, a
dropped connection). A database error drops the connection and the lock; the next round reconnects.
"""
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connection

from redis.exceptions import RedisError

from beat.queue import heartbeat, maintenance
from beat.queue.due import DueWakeups

log = logging.getLogger(__name__)
LOCK_ID = 0x62656174_6d6e74  # "beat" "mnt": one lock for the whole maintenance role
STANDBY_RETRY = 1.0


class Maintainer:
    def __init__(self, *, poll: float | None = None, interval: float | None = None):
        self.poll = settings.BEAT_DUE_POLL if poll is None else poll
        self.interval = settings.BEAT_MAINTENANCE_INTERVAL if interval is None else interval
        self.due = DueWakeups()
        self._holding = False
        self._next_sweep = 0.0  # the first round sweeps: whatever was lost while none ran
        self._next_pulse = 0.0

    def run(self, stop: threading.Event) -> None:
        log.info("maintenance: due wake-ups every %gs, sweep every %gs", self.poll, self.interval)
        # due wake-ups on their own thread (and database connection): a slow sweep never delays them
        due = threading.Thread(target=self._wake_due, args=(stop,), name="due-wakeups", daemon=True)
        due.start()
        while not stop.is_set():
            stop.wait(self.round())
        due.join(5)
        self._release()

    def _wake_due(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if self._holding or connection.vendor != "postgresql":
                try:
                    self.due.poll()
                except (DatabaseError, InterfaceError) as exc:
                    log.warning("due wake-ups: database error (%s: %s); reconnecting", type(exc).__name__, exc)
                    connection.close()
                    stop.wait(STANDBY_RETRY)
            stop.wait(self.poll)
        connection.close()

    def round(self) -> float:
        """One round of the main thread: hold the role, take back silent workers' tasks, sweep.
        Returns the seconds to wait before the next."""
        try:
            if not self._active():
                return STANDBY_RETRY
            if time.monotonic() >= self._next_pulse:
                self._next_pulse = time.monotonic() + settings.BEAT_HEARTBEAT_INTERVAL
                take_back_silent_workers()
            if time.monotonic() >= self._next_sweep:
                self._next_sweep = time.monotonic() + self.interval
                done = maintenance.tick()
                if any(done.values()):
                    log.info("maintenance sweep: %s", done)
        except RedisError as exc:
            log.warning("maintenance: Redis error (%s: %s)", type(exc).__name__, exc)
            return STANDBY_RETRY
        except (DatabaseError, InterfaceError) as exc:
            log.warning("maintenance: database error (%s: %s); reconnecting", type(exc).__name__, exc)
            self._holding = False
            connection.close()
            return STANDBY_RETRY
        return min(self.poll * 4, 0.1)

    def _active(self) -> bool:
        if connection.vendor != "postgresql" or self._holding:
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
            self._holding = bool(cursor.fetchone()[0])
        if self._holding:
            log.info("maintenance: this process is the active one")
        return self._holding

    def _release(self) -> None:
        if self._holding:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
            except (DatabaseError, InterfaceError):
                pass
            self._holding = False


def take_back_silent_workers() -> int:
    """Workers whose heartbeat stopped are dead: their tasks run again now, not at their leases. A
    record that is missing (Redis flushed) proves nothing and is left to the next beat."""
    taken = 0
    now = time.time()
    for cluster in heartbeat.store.clusters():
        records = heartbeat.store.records(cluster)
        silent = [r for r in records.values() if now - r.at > settings.BEAT_WORKER_DEAD_AFTER]
        if silent:
            taken += maintenance.take_back([r.worker for r in silent], "its heartbeat stopped")
            for record in silent:
                heartbeat.store.forget(cluster, record.pid)
        if len(silent) == len(records):
            heartbeat.store.forget(cluster)
    return taken

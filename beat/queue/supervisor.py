"""Beat's side of a django-q2 cluster (`manage.py qcluster` is beat.management.commands.qcluster).

django-q2 wedges a cluster when a worker dies while it holds the read lock of the cluster's internal
task queue (django-q2 issue #23; a SIGKILL, the OOM killer, its own timeout kill): every worker then
waits forever for that lock, while the pusher goes on taking wake-ups off Redis. Beat survives it:

- each worker reads its task queue in one-second turns and reports, in its heartbeat
  (beat.queue.heartbeat), when it last held the read lock, and what it runs;
- the cluster's main process runs a watchdog: a worker whose process is gone has its task taken
  back at once (no waiting for the lease); when idle workers exist and no live worker has taken the
  read lock for BEAT_WEDGED_AFTER seconds, the cluster is wedged: the event is logged and recorded (admin:
  queue events), its tasks are taken back, its processes killed, and it exits with code 75 so that a
  process manager (or `manage.py dev`) starts it again;
- SIGTERM stops the cluster the django-q2 way (running tasks finish), but never for longer than
  BEAT_SHUTDOWN_GRACE seconds: then every process of the cluster is killed and its tasks taken back.
"""
import logging
import os
import signal
import threading
import time
from pathlib import Path
from queue import Empty

from django.conf import settings
from django.db import close_old_connections

from beat.queue import heartbeat

log = logging.getLogger(__name__)
WEDGED_EXIT_CODE = 75  # EX_TEMPFAIL: "start me again"
READ_TURN = 1.0  # seconds a worker waits for its read lock, or for a message, before it reports


# --- in each worker -------------------------------------------------------------------------------

class _TrackedLock:
    """The queue's read lock, telling the heartbeat when it is taken and released."""

    def __init__(self, lock, beat: heartbeat.Heartbeat):
        self._lock, self._beat = lock, beat

    def acquire(self, block=True, timeout=None):
        got = self._lock.acquire(block, timeout)
        if got:
            self._beat.took_lock()
        return got

    def release(self):
        self._beat.released_lock()
        return self._lock.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


class _TaskQueue:
    """What django-q2's worker loop reads (it only calls get()): waits in READ_TURN turns, so the
    read lock is never held indefinitely and every turn is reported."""

    def __init__(self, queue, beat: heartbeat.Heartbeat):
        queue._rlock = _TrackedLock(queue._rlock, beat)  # this process's own handle on the lock
        self._queue, self._beat = queue, beat

    def get(self):
        self._beat.idle()
        while True:
            try:
                return self._queue.get(timeout=READ_TURN)
            except Empty:
                continue


def worker(task_queue, result_queue, timer, timeout):
    """django-q2's worker, with a heartbeat and a reported task queue."""
    from django_q.worker import worker as django_q_worker

    beat = heartbeat.start(CLUSTER_ID)
    _warm_http()
    django_q_worker(_TaskQueue(task_queue, beat), result_queue, timer, timeout)


def _warm_http() -> None:
    """Do once, before any grant, what a process's first upstream call would do lazily (the session,
    its adapters, URL and header preparation): a granted call then leaves at once, and the transit a
    rate limit's safety margin must cover does not include a fresh worker's first-call work."""
    import requests

    from beat.http import session

    try:
        client = session()
        url = "http://warm.invalid/path"
        client.prepare_request(requests.Request("GET", url, params={"a": "b"}, headers={"X-A": "b"}))
        client.merge_environment_settings(url, {}, None, None, None)
        client.get_adapter(url)
    except Exception:  # only a head start; the first call does whatever is left
        pass


CLUSTER_ID = ""  # set in the cluster's main process before it forks (see run())


# --- in the cluster's main process ------------------------------------------------------------------

def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie is dead: its parent has not collected it yet


class Watchdog:
    def __init__(self, cluster: str):
        self.cluster = cluster
        self.started = time.time()
        self.children: set[int] = set()  # the cluster's processes, as /proc lists them

    def check(self) -> str | None:
        """Take back the tasks of dead workers; returns why the cluster is wedged, or None."""
        from beat.queue import maintenance

        # a process gone since the last look, whether or not its heartbeat record survived (Redis flushed)
        children = {pid for pid in descendants(os.getpid()) if alive(pid)}
        gone = self.children - children
        self.children = children
        records = heartbeat.store.records(self.cluster)
        dead = [r for r in records.values() if not alive(r.pid)]
        host = self.cluster.rsplit(":", 1)[0]
        workers = sorted({r.worker for r in dead} | {f"{host}:{pid}" for pid in gone})
        if workers:
            close_old_connections()
            maintenance.take_back(workers, "the worker process died")
            for record in dead:
                heartbeat.store.forget(self.cluster, record.pid)
        live = [r for r in records.values() if alive(r.pid)]
        idle = [r for r in live if r.state == "idle"]
        if not idle:
            return None
        # Any live worker that took the read lock lately shows the lock is alive: it let it go when its
        # message came (the queue releases it in a finally). Idle workers alone would not do: the lock
        # is not fair, so after a quiet spell one idle worker may have held it turn after turn while
        # its siblings waited; once that one is running, they still look as if nobody had read.
        last = max(max(r.lock_at, r.started) for r in live)
        if time.time() - last > settings.BEAT_WEDGED_AFTER:
            return (f"{len(idle)} idle workers, none has read the task queue for {time.time() - last:.0f} s "
                    f"(its read lock died with a worker)")
        return None


def end(cluster: str, reason: str, *, wedged: bool) -> None:
    """Kill every process of the cluster and take back their tasks."""
    from beat.queue import maintenance

    try:
        records = heartbeat.store.records(cluster)
    except Exception:  # Redis away: the maintenance process takes the tasks back by their heartbeats
        records = {}
    for pid in descendants(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        close_old_connections()
        taken = maintenance.take_back([r.worker for r in records.values()], reason)
        if wedged:
            maintenance.record_event("cluster_wedged", cluster, reason, {"tasks_taken_back": taken})
        heartbeat.store.forget(cluster)
    except Exception as exc:  # the database or Redis away: heartbeats and leases still take them back
        log.warning("could not take back the tasks of cluster %s: %s: %s", cluster, type(exc).__name__, exc)


def run(cluster_factory) -> int:
    """Run a django-q2 cluster under the watchdog; returns the exit code."""
    import django_q.cluster

    global CLUSTER_ID
    CLUSTER_ID = heartbeat.cluster_id()
    django_q.cluster.worker = worker  # what the sentinel forks its workers with
    stopping = threading.Event()
    cluster = cluster_factory()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())  # django-q2's handler waits without bound
    cluster.start()
    watchdog = Watchdog(CLUSTER_ID)
    while not stopping.is_set() and cluster.sentinel.is_alive():
        try:
            wedged = watchdog.check()
        except Exception as exc:  # the database or Redis is away: look again next turn
            log.warning("watchdog: %s: %s", type(exc).__name__, exc)
            wedged = None
        if wedged:
            log.critical("cluster %s is wedged: %s; ending it to be started again", CLUSTER_ID, wedged)
            end(CLUSTER_ID, wedged, wedged=True)
            return WEDGED_EXIT_CODE
        stopping.wait(settings.BEAT_HEARTBEAT_INTERVAL / 2)
    if not stopping.is_set():  # the sentinel died on its own
        end(CLUSTER_ID, "the cluster's sentinel died", wedged=False)
        return 1
    threading.Thread(target=cluster.stop, name="cluster-stop", daemon=True).start()
    cluster.sentinel.join(settings.BEAT_SHUTDOWN_GRACE)
    if cluster.sentinel.is_alive():
        log.warning("cluster %s did not stop within %s s; killing it", CLUSTER_ID, settings.BEAT_SHUTDOWN_GRACE)
        end(CLUSTER_ID, "the cluster was stopped before the task finished", wedged=False)
    else:
        heartbeat.store.forget(CLUSTER_ID)
    return 0

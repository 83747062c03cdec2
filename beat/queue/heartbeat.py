"""Worker heartbeats: what each worker of each cluster is doing, published every second.

A worker process (beat.queue.supervisor starts its heartbeat) reports its state: idle, or running a
task (per claim), and when it last held its cluster's task-queue read lock: django-q2's idle workers
take turns holding that lock, so in a healthy cluster some idle worker holds it every second, and in
a cluster whose lock holder was killed (django-q2 issue #23) none ever does again. A thread publishes
the record every BEAT_HEARTBEAT_INTERVAL seconds while the process lives, also while a task runs, so
a record that stops changing means the process is gone.

Records live in Redis (one hash per cluster, and a set of clusters), or without REDIS_URL in files
under VAR_DIR/heartbeats: the cluster's own watchdog and the maintenance process read them.
"""
import json
import os
import shutil
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

KEY = "beat:heartbeat:"
CLUSTERS = KEY + "clusters"


@dataclass
class Record:
    pid: int
    cluster: str
    state: str = "idle"  # idle | running
    task: int | None = None
    since: float = 0.0  # when the state began
    lock_at: float = 0.0  # when the worker last took its task queue's read lock (0: never)
    holding: bool = False  # it holds that lock right now (waiting for a message)
    started: float = 0.0
    at: float = 0.0  # when this record was published

    @property
    def worker(self) -> str:
        """The name claims carry (beat.queue.runner.worker_name)."""
        return f"{self.cluster.rsplit(':', 1)[0]}:{self.pid}"


def cluster_id(pid: int | None = None) -> str:
    return f"{socket.gethostname()}:{pid or os.getpid()}"


class Store:
    """Where records go: Redis when configured, else files (one machine)."""

    def __init__(self):
        self._redis = None
        self._pid = 0

    def _client(self):
        if self._redis is None or self._pid != os.getpid():
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=1)
            self._pid = os.getpid()
        return self._redis

    def _dir(self, cluster: str = "") -> Path:
        return Path(settings.VAR_DIR) / "heartbeats" / cluster.replace("/", "_")

    def put(self, record: Record) -> None:
        data = json.dumps(asdict(record))
        if settings.REDIS_URL:
            key = KEY + record.cluster
            self._client().pipeline(transaction=False).hset(key, str(record.pid), data).expire(key, 3600) \
                .sadd(CLUSTERS, record.cluster).execute()
            return
        folder = self._dir(record.cluster)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{record.pid}.tmp"
        tmp.write_text(data)
        tmp.replace(folder / f"{record.pid}.json")  # readers never see half a record

    def records(self, cluster: str) -> dict[int, Record]:
        if settings.REDIS_URL:
            raw = self._client().hgetall(KEY + cluster).values()
        else:
            raw = [p.read_text() for p in self._dir(cluster).glob("*.json") if p.exists()]
        out = {}
        for item in raw:
            try:
                record = Record(**json.loads(item))
            except (ValueError, TypeError):
                continue
            out[record.pid] = record
        return out

    def clusters(self) -> list[str]:
        if settings.REDIS_URL:
            return sorted(c.decode() for c in self._client().smembers(CLUSTERS))
        base = self._dir()
        return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.exists() else []

    def forget(self, cluster: str, pid: int | None = None) -> None:
        """Drop one worker's record, or the whole cluster's."""
        if settings.REDIS_URL:
            if pid is None:
                self._client().pipeline(transaction=False).delete(KEY + cluster).srem(CLUSTERS, cluster).execute()
            else:
                self._client().hdel(KEY + cluster, str(pid))
            return
        if pid is None:
            shutil.rmtree(self._dir(cluster), ignore_errors=True)
        else:
            (self._dir(cluster) / f"{pid}.json").unlink(missing_ok=True)


store = Store()


class Heartbeat:
    """A worker's own record and the thread that publishes it."""

    def __init__(self, cluster: str):
        now = time.time()
        self.record = Record(pid=os.getpid(), cluster=cluster, since=now, started=now)
        self._stop = threading.Event()

    def start(self) -> "Heartbeat":
        self.publish()
        threading.Thread(target=self._run, name="beat-heartbeat", daemon=True).start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(settings.BEAT_HEARTBEAT_INTERVAL):
            self.publish()

    def publish(self) -> None:
        self.record.at = time.time()
        try:
            store.put(self.record)
        except Exception:  # an unreachable store must never stop a worker; the next beat retries
            pass

    # --- what the worker reports ---
    def running(self, task_id: int) -> None:
        self.record.state, self.record.task, self.record.since = "running", task_id, time.time()

    def idle(self) -> None:
        self.record.state, self.record.task, self.record.since = "idle", None, time.time()

    def took_lock(self) -> None:
        self.record.lock_at, self.record.holding = time.time(), True

    def released_lock(self) -> None:
        self.record.holding = False


_current: Heartbeat | None = None


def current() -> Heartbeat | None:
    """This process's heartbeat, if it is a worker of a Beat cluster."""
    return _current if _current is not None and _current.record.pid == os.getpid() else None


def start(cluster: str) -> Heartbeat:
    global _current
    _current = Heartbeat(cluster).start()
    return _current

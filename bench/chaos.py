"""Chaos run: does the queue settle whatever happens to its processes? On PostgreSQL + Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/chaos.py        (or: make chaos)

2 qclusters of 4 workers and the maintenance process. First the worker holding a cluster's task-queue
read lock is killed on purpose (django-q2 issue #23: it wedges that cluster), then CHAOS_TASKS tasks
of 0-300 ms are submitted and, while they run: CHAOS_KILLS SIGKILLs of single busy workers, one whole
cluster SIGKILLed and started again, the Redis db flushed once, PostgreSQL connections terminated
twice. This script is the process manager: a cluster that exits is started again. It must settle:
every task COMPLETE, none PENDING or PROCESSING, no two runs of one task overlapping; it prints how
soon each killed worker's task ran again, and what became of the wedged cluster.

Uses its own database (<name>_chaos, made and migrated here) and flushes the Redis db it is given.
Variables: CHAOS_TASKS (2000), CHAOS_KILLS (20), CHAOS_DB_SUFFIX (_chaos).
"""
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.benchdb import ensure_database, use_own_database  # noqa: E402

BASE_URL, DB_URL = use_own_database(os.environ.get("CHAOS_DB_SUFFIX", "_chaos"))
TASKS = int(os.environ.get("CHAOS_TASKS", "2000"))
KILLS = int(os.environ.get("CHAOS_KILLS", "20"))
SETTLE_TIMEOUT = 400


class Clusters:
    """Two qclusters and beat_maintenance; started again when they exit (the process manager)."""

    def __init__(self, env):
        self.env, self.procs, self.exits = env, {}, []
        self.maintenance = self._spawn("beat_maintenance")
        for name in ("a", "b"):
            self.procs[name] = self._spawn("qcluster")

    def _spawn(self, command):
        return subprocess.Popen([sys.executable, "manage.py", command], cwd=ROOT, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def supervise(self):
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                self.exits.append((name, proc.returncode, time.time()))
                self.procs[name] = self._spawn("qcluster")

    def workers(self, name):
        from beat.queue import heartbeat

        return list(heartbeat.store.records(heartbeat.cluster_id(self.procs[name].pid)).values())

    def stop(self):
        for proc in [*self.procs.values(), self.maintenance]:
            proc.send_signal(signal.SIGTERM)
        for proc in [*self.procs.values(), self.maintenance]:
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def wait(predicate, timeout, clusters, interval=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        clusters.supervise()
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def kill_lock_holder(clusters) -> dict:
    """Kill cluster a's worker that holds its read lock, as its heartbeat says; see whether a wedged
    cluster ended itself (exit 75) and when its replacement ran tasks."""
    wait(lambda: len(clusters.workers("a")) == 4, 30, clusters)
    holders = wait(lambda: [r for r in clusters.workers("a") if r.holding and time.time() - r.at < 0.5], 10, clusters,
                   interval=0.05)
    holder = holders[0] if holders else clusters.workers("a")[0]
    proc = clusters.procs["a"]
    os.kill(holder.pid, signal.SIGKILL)
    return {"pid": holder.pid, "said_holding": holder.holding, "cluster": proc, "at": time.time()}


def terminate_connections(db_name: str) -> int:
    import psycopg

    with psycopg.connect(BASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        return len(conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                                "AND pid <> pg_backend_pid()", [db_name]).fetchall())


def read_runs(log: Path):
    starts, ends = {}, {}
    for line in log.read_text().splitlines():
        kind, task, pid, at = line.split()
        key = (int(task), int(pid))
        (starts if kind == "start" else ends).setdefault(key, []).append(float(at))
    return starts, ends


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    import logging

    import redis
    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Count

    import bench.chaosflows  # noqa: F401  (registers the flow here too, to submit it)
    from beat.models import QueueEvent, ScrapeRequestLog, Status
    from beat.queue import services

    logging.getLogger("django-q").setLevel(logging.WARNING)
    conn = redis.from_url(settings.REDIS_URL)
    conn.flushdb()
    ScrapeRequestLog.objects.all().delete()
    QueueEvent.objects.all().delete()
    log = Path(tempfile.mkdtemp(prefix="beat-chaos-")) / "runs.log"
    env = {**os.environ, "BEAT_WORKERS": "4", "PYTHONPATH": str(ROOT), "BEAT_FLOW_MODULES": "bench.chaosflows"}
    clusters = Clusters(env)
    started = time.time()
    kills: dict[int, float] = {}  # pid -> when it was killed
    try:
        holder = kill_lock_holder(clusters)
        kills[holder["pid"]] = holder["at"]
        with transaction.atomic():
            for _ in range(TASKS):
                services.submit("chaos_work", {"sleep_ms": random.randint(0, 300), "log": str(log)})
        submitted = time.time()
        faults = ["flush", "pg", "cluster", "pg"] + ["worker"] * KILLS
        random.shuffle(faults)
        for fault in faults:
            wait(lambda: False, random.uniform(0.5, 2.0), clusters)
            if fault == "worker":
                busy = [r for name in ("a", "b") for r in clusters.workers(name) if r.state == "running" and r.task]
                if busy:
                    victim = random.choice(busy)
                    try:
                        os.kill(victim.pid, signal.SIGKILL)
                        kills[victim.pid] = time.time()
                    except ProcessLookupError:
                        pass
            elif fault == "cluster":
                name = "b"  # not the wedged one: its own ending and restart are what is measured
                for record in clusters.workers(name):
                    kills[record.pid] = time.time()
                os.killpg(clusters.procs[name].pid, signal.SIGKILL)
                time.sleep(1)  # then the process manager starts it again
            elif fault == "flush":
                conn.flushdb()
            else:
                terminate_connections(DB_URL.rsplit("/", 1)[1])
                connection.close()  # this script's own was one of them
        faults_done = time.time()
        settled = wait(lambda: not ScrapeRequestLog.objects.exclude(status=Status.COMPLETE).exists(),
                       SETTLE_TIMEOUT, clusters, interval=1.0)
        end = time.time()
    finally:
        clusters.stop()

    statuses = dict(ScrapeRequestLog.objects.values_list("status").annotate(n=Count("id")))
    starts, ends = read_runs(log)
    spans: dict[int, list[tuple[float, float]]] = {}
    for (task, pid), times in starts.items():
        for i, begun in enumerate(sorted(times)):
            finished = sorted(ends.get((task, pid), []))
            stop = finished[i] if i < len(finished) else kills.get(pid, float("inf"))
            spans.setdefault(task, []).append((begun, stop))
    overlaps = 0
    for runs in spans.values():
        runs.sort()
        overlaps += sum(1 for (_, a_end), (b_start, _) in zip(runs, runs[1:]) if b_start < a_end)
    again = []  # a run cut by its process's kill (a start with no end): when did the task start again?
    for (task, pid), times in starts.items():
        if pid in kills and len(times) > len(ends.get((task, pid), [])):
            later = [b for b, _ in spans.get(task, []) if b > kills[pid]]
            if later:
                again.append(min(later) - kills[pid])
    again.sort()
    print(f"chaos: {TASKS} tasks of 0-300 ms, 2 qclusters x 4 workers + beat_maintenance, {os.cpu_count()} cores")
    print(f"faults: lock holder killed (pid {holder['pid']}, heartbeat said holding: {holder['said_holding']}), "
          f"{len([k for k in kills]) - 1} worker processes killed ({KILLS} single SIGKILLs asked, one whole cluster), "
          f"Redis flushed once, PostgreSQL connections terminated twice, over {faults_done - submitted:.0f} s")
    print(f"settled: {'yes' if settled else 'NO'} {end - submitted:.0f} s after submitting; statuses {statuses}")
    print(f"overlapping runs of one task: {overlaps}; runs in all: {sum(len(v) for v in spans.values())}")
    if again:
        print(f"a killed worker's task ran again after: p50 {statistics.median(again):.1f} s, "
              f"p99 {again[max(0, int(len(again) * 0.99) - 1)]:.1f} s, max {again[-1]:.1f} s ({len(again)} runs cut)")
    wedged = [e for e in clusters.exits if e[0] == "a" and e[2] >= holder["at"]]
    events = list(QueueEvent.objects.filter(kind=QueueEvent.Kind.CLUSTER_WEDGED).values_list("cluster", "created_at"))
    if wedged:
        name, code, at = wedged[0]
        print(f"the lock holder's cluster exited with code {code} {at - holder['at']:.1f} s after the kill "
              f"and was started again; wedged events recorded: {len(events)}")
    else:
        print(f"the lock holder's cluster did not exit (the kill did not wedge it); wedged events: {len(events)}")
    print(f"cluster exits seen by the process manager: {[(n, c) for n, c, _ in clusters.exits]}")
    print(f"took {time.time() - started:.0f} s")
    if not settled or overlaps:
        sys.exit(1)


if __name__ == "__main__":
    main()

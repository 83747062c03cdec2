"""Queue benchmark on PostgreSQL + Redis: latency, throughput against bare django-q2, racing claims.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat REDIS_URL=redis://127.0.0.1:6379/1 \
        DJANGO_SECRET_KEY=x .venv/bin/python bench/queue.py   (or: make bench)

Uses its own database (<name>_bench, created and migrated here) and flushes the Redis db it is given.
"""
import sys
from pathlib import Path

# Run as a script, this file would shadow the standard library's `queue` (psycopg needs it).
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import os  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from bench.benchdb import ensure_database, use_own_database  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench")
N = int(os.environ.get("BENCH_TASKS", "2000"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")


def start_cluster():
    env = {**os.environ, "BEAT_WORKERS": WORKERS, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(3)  # workers forked and waiting on the broker
    return proc


def stop_cluster(proc):
    proc.send_signal(signal.SIGTERM)  # to the cluster only: it stops its own workers
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def wait(predicate, timeout=300):
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("benchmark timed out")
        time.sleep(0.02)


def baseline_rate(conn, save: bool) -> float:
    from django_q.tasks import async_task

    from beat.queue.wakeup import broker

    key = f"bench:noop:{time.time()}"
    start = time.perf_counter()
    for _ in range(N):
        async_task("bench.noop.noop", key, save=save, broker=broker())
    wait(lambda: int(conn.get(key) or 0) >= N)
    return N / (time.perf_counter() - start)


def beat_rate() -> float:
    from beat.models import ScrapeRequestLog, Status
    from beat.queue import services

    start = time.perf_counter()
    for _ in range(N):
        services.submit("beat_echo", {})
    wait(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() >= N)
    return N / (time.perf_counter() - start)


def worker_side_rate() -> float:
    """Tasks already accepted (rows bulk-inserted, one wake-up each): what the workers alone do."""
    from beat.models import ScrapeRequestLog, Status
    from beat.queue import wakeup

    ScrapeRequestLog.objects.all().delete()
    ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={}) for _ in range(N)])
    start = time.perf_counter()
    wakeup.send("default", N)
    wait(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() >= N)
    return N / (time.perf_counter() - start)


def latencies(samples=200) -> list[float]:
    from beat.models import ScrapeRequestLog
    from beat.queue import services

    out = []
    for _ in range(samples):
        sent = time.time()
        task, _ = services.submit("beat_echo", {})
        wait(lambda: ScrapeRequestLog.objects.filter(pk=task.pk, picked_at__isnull=False).exists())
        picked = ScrapeRequestLog.objects.values_list("picked_at", flat=True).get(pk=task.pk)
        out.append((picked.timestamp() - sent) * 1000)
        time.sleep(0.01)
    return out


def racing_claims(processes=4) -> tuple[int, int]:
    from beat.models import ScrapeRequestLog

    ScrapeRequestLog.objects.all().delete()
    ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={}) for _ in range(N)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "tests/queue/claimers.py", f"c{i}"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True) for i in range(processes)]
    claimed = [int(x) for p in procs for x in p.communicate()[0].split()]
    return len(claimed), len(claimed) - len(set(claimed))


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    import redis
    from django.conf import settings

    from beat.models import ScrapeRequestLog

    conn = redis.from_url(settings.REDIS_URL)
    conn.flushdb()
    ScrapeRequestLog.objects.all().delete()
    cluster = start_cluster()
    try:
        print(f"queue bench: {N} tasks, {WORKERS} workers, PostgreSQL + Redis broker, {os.cpu_count()} cores")
        base_unsaved = baseline_rate(conn, save=False)
        base_saved = baseline_rate(conn, save=True)
        ours = beat_rate()
        lat = sorted(latencies())
        workers_only = worker_side_rate()
    finally:
        stop_cluster(cluster)
    total, dupes = racing_claims()
    p50 = statistics.median(lat)
    p99 = lat[int(len(lat) * 0.99) - 1]
    print(f"enqueue-to-start latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms ({len(lat)} samples)")
    print(f"bare django-q2 no-ops (results saved, the default): {base_saved:.0f} tasks/s")
    print(f"bare django-q2 no-ops (save=False): {base_unsaved:.0f} tasks/s")
    print(f"beat_echo end to end (row, claim, run, outcome): {ours:.0f} tasks/s")
    print(f"beat_echo, rows already accepted (claim, run, outcome only): {workers_only:.0f} tasks/s")
    print(f"ratio to bare no-ops, results saved: {ours / base_saved:.2f}")
    print(f"ratio to bare no-ops, save=False: {ours / base_unsaved:.2f}")
    print(f"racing claims: {total} claimed by 4 processes, duplicate runs {dupes}")


if __name__ == "__main__":
    main()

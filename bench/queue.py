"""Queue benchmark on PostgreSQL + Redis: Beat side by side with procrastinate and pgqueuer, the ratio
to bare django-q2 no-ops, racing claims.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat REDIS_URL=redis://127.0.0.1:6379/1 \
        DJANGO_SECRET_KEY=x .venv/bin/python bench/queue.py   (or: make bench-queue)

BENCH_TASKS (2000), BENCH_WORKERS (4), BENCH_ROUNDS (3): each round measures Beat, then each rival,
one after the other, so drift on a shared machine hits all alike (bench/rivals/measure.py says what
each figure is). Uses its own databases (<name>_bench, created and migrated here, and
<name>_bench_procrastinate, <name>_bench_pgqueuer) and flushes the Redis db it is given.
"""
import sys
from pathlib import Path

# Run as a script, this file would shadow the standard library's `queue` (psycopg needs it).
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

from bench import disk, workers  # noqa: E402
from bench.benchdb import ensure_database, use_own_database  # noqa: E402
from bench.figures import record  # noqa: E402
from bench.rivals.measure import Figures, measure, p50_p99, wait  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench")
N = int(os.environ.get("BENCH_TASKS", "2000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SCRATCH = ROOT / "var" / "bench"  # where the disk's floor is measured (bench/disk.py)


class Beat:
    """beat_echo tasks through Beat's queue: a row, a wake-up on the broker, claim, run, outcome."""

    name = "beat"

    def __init__(self, redis_conn):
        self.redis = redis_conn
        self.cluster = []

    def reset(self) -> None:
        """TRUNCATE, as for the rivals: with autovacuum off (as on the bench machine) the dead rows a
        DELETE leaves would slow every later round's claims and counts. The events outbox too: each
        task's changes of status are written there (no dispatcher runs here to empty it), and a
        round must not pay for the rows of the rounds before it."""
        from django.db import connection

        from beat.models import ScrapeRequestLog
        from beat.models_events import OutboxEvent

        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{ScrapeRequestLog._meta.db_table}", "{OutboxEvent._meta.db_table}" CASCADE')

    def enqueue(self) -> int:
        from beat.queue import services

        return services.submit("beat_echo", {})[0].pk

    def enqueue_bulk(self, n: int) -> None:
        from beat.models import ScrapeRequestLog

        ScrapeRequestLog.objects.bulk_create(
            [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={}) for _ in range(n)])

    def wake(self, n: int) -> None:
        from beat.queue import wakeup

        wakeup.send("default", n)

    def finished(self) -> int:
        from beat.models import ScrapeRequestLog, Status

        return ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count()

    def started_at(self, pk: int) -> float | None:
        from beat.models import ScrapeRequestLog

        picked = ScrapeRequestLog.objects.values_list("picked_at", flat=True).get(pk=pk)
        return picked.timestamp() if picked else None

    def start_workers(self) -> None:
        self.redis.flushdb()  # wake-ups the producer-only run left on the broker
        self.cluster = workers.start(["manage.py", "qcluster"], BEAT_WORKERS=str(WORKERS))

    def stop_workers(self) -> None:
        workers.stop(self.cluster)


def baseline_rate(conn, save: bool) -> float:
    from django_q.tasks import async_task

    from beat.queue.wakeup import broker

    key = f"bench:noop:{time.time()}"
    start = time.perf_counter()
    for _ in range(N):
        async_task("bench.noop.noop", key, save=save, broker=broker())
    wait(lambda: int(conn.get(key) or 0) >= N)
    return N / (time.perf_counter() - start)


def racing_claims(beat: Beat, processes=4) -> tuple[int, int]:
    beat.reset()
    beat.enqueue_bulk(N)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "tests/queue/claimers.py", f"c{i}", "10"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True) for i in range(processes)]
    claimed = [int(x) for p in procs for x in p.communicate()[0].split()]
    return len(claimed), len(claimed) - len(set(claimed))


def rivals():
    from bench.rivals.pgqueuer_run import Pgqueuer
    from bench.rivals.procrastinate_run import Procrastinate

    return [Procrastinate(BASE_URL, processes=1, concurrency=WORKERS),
            Procrastinate(BASE_URL, processes=WORKERS, concurrency=1),
            Pgqueuer(BASE_URL, processes=WORKERS)]


def side_by_side(queues) -> tuple[dict[str, list[Figures]], list[tuple[float, float]]]:
    """Each queue's figures, round by round, and the disk's floor (p50, p99 ms) measured in each round."""
    runs, floors = {queue.name: [] for queue in queues}, []
    for round_ in range(1, ROUNDS + 1):
        for queue in queues:
            figures = measure(queue, N)
            runs[queue.name].append(figures)
            print(f"round {round_}, {queue.name}: {figures.line()}", flush=True)
        floors.append(p50_p99(disk.flush_latencies(SCRATCH)))
        print(f"round {round_}, the disk: 8 kB write + fdatasync p50 {floors[-1][0]:.1f} ms, "
              f"p99 {floors[-1][1]:.1f} ms", flush=True)
    return runs, floors


def ratios(runs: dict[str, list[Figures]], rival: str, field: str) -> float:
    """Beat's figure over the rival's, round by round (same drift), then the median."""
    return statistics.median(getattr(ours, field) / getattr(theirs, field)
                             for ours, theirs in zip(runs["beat"], runs[rival]))


def report(runs: dict[str, list[Figures]], floors: list[tuple[float, float]]) -> Figures:
    print(f"medians of {ROUNDS} round(s):")
    medians = {name: Figures.median(figures) for name, figures in runs.items()}
    for name, figures in medians.items():
        print(f"  {name}: {figures.line()}")
    beat = medians["beat"]
    pgqueuer = next(f for name, f in medians.items() if name.startswith("pgqueuer"))
    record("queue", "end to end, tasks/s (median)", round(beat.end_to_end), "tasks/s",
           aim=f"> pgqueuer's ({pgqueuer.end_to_end:.0f})", ok=beat.end_to_end > pgqueuer.end_to_end)
    record("queue", "workers only, tasks/s (median)", round(beat.workers_only), "tasks/s", aim=">= 1500",
           ok=beat.workers_only >= 1500)
    record("queue", "enqueue-to-start p50 (median)", round(beat.p50, 1), "ms", aim="< 3", ok=beat.p50 < 3)
    record("queue", "enqueue-to-start p99 (median)", round(beat.p99, 1), "ms", aim="< 5", ok=beat.p99 < 5)
    record("queue", "producer's enqueue rate (median)", round(beat.producer), "tasks/s")
    floor_p50, floor_p99 = (statistics.median(floor[i] for floor in floors) for i in (0, 1))
    print(f"  the disk (a durable commit's floor): 8 kB write + fdatasync p50 {floor_p50:.1f} ms, p99 {floor_p99:.1f} ms")
    record("queue", "the disk: one 8 kB write + fdatasync, p50 / p99 (median)",
           f"{floor_p50:.1f} / {floor_p99:.1f}", "ms")
    for rival in (name for name in runs if name != "beat"):
        e2e, drain = ratios(runs, rival, "end_to_end"), ratios(runs, rival, "workers_only")
        print(f"Beat / {rival}: end to end {e2e:.2f}, workers only {drain:.2f}")
        aim, ok = ("> 1", e2e > 1) if rival.startswith("pgqueuer") else ("", None)
        record("queue", f"Beat / {rival}, end to end", round(e2e, 2), aim=aim, ok=ok)
        record("queue", f"Beat / {rival}, workers only", round(drain, 2))
    return beat


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    for library in ("django-q", "procrastinate", "pgqueuer"):  # no line per enqueued task, for any queue
        logging.getLogger(library).setLevel(logging.WARNING)
    import redis
    from django.conf import settings

    conn = redis.from_url(settings.REDIS_URL)
    beat = Beat(conn)
    others = rivals()
    for rival in others:
        rival.prepare()
    from django.db import connection

    SCRATCH.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        same = disk.same_disk_as_postgres(SCRATCH, cursor)
    print(f"queue bench: {N} no-op tasks, {WORKERS} workers, {ROUNDS} interleaved round(s), PostgreSQL "
          f"(Redis broker for Beat), {os.cpu_count()} cores; the disk's floor is measured in {SCRATCH} "
          f"(PostgreSQL's disk: {same})")
    ours = report(*side_by_side([beat, *others])).end_to_end

    beat.start_workers()
    try:
        base_unsaved = baseline_rate(conn, save=False)
        base_saved = baseline_rate(conn, save=True)
    finally:
        beat.stop_workers()
    total, dupes = racing_claims(beat)
    beat.reset()
    print(f"bare django-q2 no-ops (results saved, the default): {base_saved:.0f} tasks/s, "
          f"Beat end to end (median) / that: {ours / base_saved:.2f}")
    print(f"bare django-q2 no-ops (save=False): {base_unsaved:.0f} tasks/s, "
          f"Beat end to end (median) / that: {ours / base_unsaved:.2f}")
    print(f"racing claims: {total} claimed by 4 processes, duplicate runs {dupes}")
    record("queue", "Beat / bare django-q2 no-ops (save=False), end to end", round(ours / base_unsaved, 2))
    record("queue", "racing claims, duplicate runs", dupes, aim="0", ok=dupes == 0)


if __name__ == "__main__":
    main()

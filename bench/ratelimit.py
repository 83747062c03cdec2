"""Bench of the stacked rate limiter: 8 processes hammer one limit; is it exact, and is it used fully?

    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/ratelimit.py [--seconds 10] [--processes 8]

Without REDIS_URL it benches the embedded SQLite limiter instead. Grant times are the limiter's own
(Redis TIME on Redis), so "over the limit" is measured on the clock the limiter decided by.
"""
import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# the repository, not bench/, comes first: bench/queue.py would shadow the standard library's queue
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402

from beat.ratelimit import Limit, LocalLimiter, RedisLimiter  # noqa: E402
from beat.ratelimit.redis_limiter import KEY_PREFIX  # noqa: E402
from bench.figures import record  # noqa: E402
from bench.windows import most_in_any_window  # noqa: E402

UTILISATION_AIM = 0.95  # of the tightest limit's grants, asked by processes that wait as long as told


class CountingRedis(redis.Redis):
    """Counts the commands this process sends to Redis: each is one round trip."""

    sent = 0

    def execute_command(self, *args, **options):
        self.sent += 1
        return super().execute_command(*args, **options)


def make_limiter(local_path: str | None):
    if local_path:
        return LocalLimiter(local_path)
    return RedisLimiter(client=CountingRedis.from_url(settings.REDIS_URL, socket_timeout=2))


def hammer(queue, limits, start: float, seconds: float, local_path: str | None, spin: bool):
    """One process: ask until the time is up, sleeping as long as each denial says (or not at all)."""
    limiter = make_limiter(local_path)
    grants, latencies, checks = [], [], 0
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < start + seconds:
        began = time.perf_counter()
        decision, at = limiter.acquire_timed(limits)
        latencies.append(time.perf_counter() - began)
        checks += 1
        if decision.allowed:
            grants.append(at)
        else:
            time.sleep(0 if spin else min(decision.retry_after, 1.0))
    sent = getattr(limiter.client, "sent", None) if isinstance(limiter, RedisLimiter) else None
    queue.put((grants, latencies, checks, sent))


def run(name: str, limits: list[Limit], processes: int, seconds: float, local_path: str | None, spin: bool) -> None:
    context = multiprocessing.get_context("fork")
    queue, start = context.Queue(), time.time() + 1.0
    children = [context.Process(target=hammer, args=(queue, limits, start, seconds, local_path, spin)) for _ in range(processes)]
    for child in children:
        child.start()
    results = [queue.get(timeout=seconds + 60) for _ in children]
    for child in children:
        child.join()

    grants = [at for r in results for at in r[0]]
    latencies = sorted(x for r in results for x in r[1])
    checks = sum(r[2] for r in results)
    binding = min(limits, key=lambda item: item.period)  # the bench's tightest window binds
    print(f"\n== {name}: {processes} processes {'spinning' if spin else 'waiting retry_after'}, {seconds:g} s, limits "
          + ", ".join(f"{item.limit}/{item.period:g}s" for item in limits))
    above = 0
    for item in limits:
        over = max(0, most_in_any_window(grants, item.period) - item.limit)
        above += over
        print(f"grants above {item.limit}/{item.period:g}s in any {item.period:g} s sliding window: {over}")
    possible = binding.limit * seconds / binding.period
    used = len(grants) / possible
    print(f"grants: {len(grants)} of {possible:.0f} possible; achieved rate {len(grants) / seconds:.1f}/s "
          f"= {used:.3f} of the limit")
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(f"checks: {checks} ({checks / seconds:.0f}/s, {checks - len(grants)} denied); latency per check "
          f"p50 {statistics.median(latencies) * 1000:.2f} ms, p99 {p99:.2f} ms")
    record("ratelimit", f"{name}: grants above a limit in any window", above, aim="0", ok=above == 0)
    if not spin:  # spinning measures contention, not how fully the waits use the limit
        record("ratelimit", f"{name}: achieved rate / limit", round(used, 3),
               aim=f">= {UTILISATION_AIM}", ok=used >= UTILISATION_AIM)
    record("ratelimit", f"{name}: latency per check p99", round(p99, 2), "ms")
    if results[0][3] is not None:
        sent = sum(r[3] for r in results)
        print(f"Redis round trips per check: {sent / checks:.3f} ({sent} commands for {checks} checks)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--spin", action="store_true", help="ask again at once after a denial (worst-case contention)")
    args = parser.parse_args()

    run_id = uuid.uuid4().hex[:8]
    single = [Limit(f"bench:{run_id}:single", 50, 1)]
    stacked = [Limit(f"bench:{run_id}:stack", 50, 1), Limit(f"bench:{run_id}:stack", 2000, 60),
               Limit(f"bench:{run_id}:stack", 100000, 86400)]
    with tempfile.TemporaryDirectory() as tmp:
        local_path = None if settings.REDIS_URL else str(Path(tmp) / "ratelimit.sqlite3")
        print(f"backend: {'Redis ' + settings.REDIS_URL.rsplit('@', 1)[-1] if not local_path else 'local SQLite'}")
        try:
            run("one limit", single, args.processes, args.seconds, local_path, args.spin)
            run("stacked limits", stacked, args.processes, args.seconds, local_path, args.spin)
        finally:
            if not local_path:
                client = redis.Redis.from_url(settings.REDIS_URL)
                for name in client.scan_iter(f"{KEY_PREFIX}bench:{run_id}:*"):
                    client.delete(name)


if __name__ == "__main__":
    main()

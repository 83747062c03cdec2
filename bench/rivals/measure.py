"""The figures every queue in bench/queue.py gets, Beat and its rivals alike, so none is timed apart.

A queue is any object with:
    name                        what the figures are printed under
    reset()                     no task left, finished() back to 0
    enqueue() -> id             one no-op task, submitted the way a client does (its own commit)
    enqueue_bulk(n)             n no-op tasks accepted at once (committed when it returns)
    wake(n)                     tell idle workers about them (nothing to do where the insert notifies)
    finished() -> int           tasks done since reset()
    started_at(id)              when a worker took the task (epoch seconds), None before
    start_workers(), stop_workers()
"""
import statistics
import time
from dataclasses import dataclass, fields

LATENCY_SAMPLES = 200


@dataclass
class Figures:
    producer: float  # enqueues/s from one process with no worker running
    end_to_end: float  # tasks/s: enqueued one by one while the workers run, until all are done
    workers_only: float  # tasks/s: already accepted in bulk, from the wake-up until all are done
    p50: float  # enqueue-to-start, ms, one task at a time with the workers idle
    p99: float

    def line(self) -> str:
        bound = " (producer-bound)" if self.end_to_end >= 0.9 * self.producer else ""
        return (f"producer {self.producer:.0f}/s, end to end {self.end_to_end:.0f}/s{bound}, "
                f"workers only {self.workers_only:.0f}/s, enqueue-to-start p50 {self.p50:.1f} ms, "
                f"p99 {self.p99:.1f} ms")

    @classmethod
    def median(cls, runs: list["Figures"]) -> "Figures":
        return cls(*(statistics.median(getattr(run, f.name) for run in runs) for f in fields(cls)))


def measure(queue, n: int) -> Figures:
    queue.reset()
    producer = producer_rate(queue, n)
    queue.reset()
    queue.start_workers()
    try:
        end_to_end = end_to_end_rate(queue, n)
        queue.reset()
        lat = latencies(queue)
        queue.reset()
        workers = workers_only_rate(queue, n)
    finally:
        queue.stop_workers()
    queue.reset()
    return Figures(producer, end_to_end, workers, *p50_p99(lat))


def p50_p99(samples: list[float]) -> tuple[float, float]:
    """The latency figures' percentiles (bench/disk.py reads the disk's floor with them too)."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def producer_rate(queue, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        queue.enqueue()
    return n / (time.perf_counter() - start)


def end_to_end_rate(queue, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        queue.enqueue()
    wait(lambda: queue.finished() >= n)
    return n / (time.perf_counter() - start)


def workers_only_rate(queue, n: int) -> float:
    queue.enqueue_bulk(n)
    start = time.perf_counter()
    queue.wake(n)
    wait(lambda: queue.finished() >= n)
    return n / (time.perf_counter() - start)


def latencies(queue, samples: int = LATENCY_SAMPLES) -> list[float]:
    out = []
    for _ in range(samples):
        sent = time.time()
        task = queue.enqueue()
        wait(lambda: queue.started_at(task) is not None)
        out.append((queue.started_at(task) - sent) * 1000)
        time.sleep(0.01)
    return out


def wait(predicate, timeout: float = 300) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("benchmark timed out")
        time.sleep(0.02)

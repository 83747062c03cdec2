"""The disk's floor under a durable queue: how long one small write made durable takes.

Every queue in bench/queue.py accepts a task with a commit that PostgreSQL flushes to its WAL
(synchronous_commit on), so no enqueue-to-start sample can be shorter than one 8 kB write and its
fdatasync, and the slow ones of those show through in every queue's p99. Measured the way the latency
samples come: one at a time, with the disk left idle in between, in the bench's own directory (which
says whether that is PostgreSQL's disk, when PostgreSQL lets it see its data directory).
"""
import os
import time
from pathlib import Path

from bench.rivals.measure import LATENCY_SAMPLES

BLOCK = 8192  # PostgreSQL's WAL page
GAP = 0.01  # seconds between two samples, as between two latency samples


def flush_latencies(directory: Path, samples: int = LATENCY_SAMPLES) -> list[float]:
    """ms per 8 kB write + fdatasync, `samples` of them, GAP apart."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "flush-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    out = []
    try:
        block = os.urandom(BLOCK)
        for i in range(samples):
            os.pwrite(fd, block, (i % 16) * BLOCK)
            start = time.perf_counter()
            os.fdatasync(fd)
            out.append((time.perf_counter() - start) * 1000)
            time.sleep(GAP)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return out


def same_disk_as_postgres(directory: Path, cursor) -> str:
    """'yes', 'no', or 'unknown' (PostgreSQL elsewhere, or its data directory not visible here)."""
    try:
        cursor.execute("SHOW data_directory")
        data = Path(cursor.fetchone()[0])
        return "yes" if data.stat().st_dev == directory.stat().st_dev else "no"
    except Exception:
        return "unknown"

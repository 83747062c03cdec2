"""Flows that exist only in tests (loaded in worker processes through BEAT_FLOW_MODULES)."""
import os
from datetime import datetime
import time
from pathlib import Path

from rest_framework import serializers as s

from beat.errors import RateLimited
from beat.flows import flow
from beat.flows.params import schema

Marked = schema("MarkedParams", marker_dir=s.CharField(), sleep_ms=s.IntegerField(required=False, default=0),
                key=s.CharField(required=False, default="x"))


def _mark(marker_dir: str, name: str, text: str = "") -> None:
    with open(Path(marker_dir) / name, "a") as fh:
        fh.write(text + "\n")


@flow("test_logged", params=Marked, platform="BEAT", timeout=10, concurrency=100)
def test_logged(ctx, *, marker_dir, sleep_ms=0, key="x"):
    """Appends the task id to a run log, so tests can count how often each task really ran."""
    time.sleep(sleep_ms / 1000)
    _mark(marker_dir, "runs.log", f"{ctx.task_id}")
    return {"task": ctx.task_id}


@flow("test_capped", params=Marked, platform="BEAT", timeout=10, concurrency=2)
def test_capped(ctx, *, marker_dir, sleep_ms=0, key="x"):
    """Logs start and end times with the pid, so a test can compute the peak concurrency."""
    _mark(marker_dir, "spans.log", f"{time.time()} +1")
    time.sleep(sleep_ms / 1000)
    _mark(marker_dir, "spans.log", f"{time.time()} -1")
    return {}


@flow("test_crashy", params=Marked, platform="BEAT", timeout=60, concurrency=10, max_attempts=3)
def test_crashy(ctx, *, marker_dir, sleep_ms=0, key="x"):
    """First attempt announces its pid and hangs (a test kills it); later attempts finish."""
    if ctx.attempt == 1:
        _mark(marker_dir, "started", str(os.getpid()))
        time.sleep(30)  # killed before this ends
    _mark(marker_dir, "runs.log", f"{ctx.task_id}")
    return {"attempt": ctx.attempt}


@flow("test_slow", params=Marked, platform="BEAT", timeout=1, concurrency=10)
def test_slow(ctx, *, marker_dir, sleep_ms=0, key="x"):
    time.sleep(sleep_ms / 1000)
    return {"finished": True}


@flow("test_rate_limited", params=Marked, platform="BEAT", timeout=5, concurrency=10, max_attempts=1)
def test_rate_limited(ctx, *, marker_dir, sleep_ms=0, key="x"):
    _mark(marker_dir, "runs.log", f"{ctx.task_id}")
    if not (Path(marker_dir) / "limit-lifted").exists():
        raise RateLimited("budget spent", retry_after=30, source="test")
    return {"ran": True}


LimitedOnce = schema("LimitedOnceParams", marker_dir=s.CharField(), retry_after_ms=s.IntegerField())


@flow("test_limited_once", params=LimitedOnce, platform="BEAT", timeout=5, concurrency=100, max_attempts=1)
def test_limited_once(ctx, *, marker_dir, retry_after_ms):
    """Rate-limited on its first run; the second run logs how late it started after its retry_at."""
    from beat.models import ScrapeRequestLog

    _mark(marker_dir, "runs.log", f"{ctx.task_id}")
    first = Path(marker_dir) / f"limited-{ctx.task_id}"
    if not first.exists():
        first.touch()
        raise RateLimited("budget spent", retry_after=retry_after_ms / 1000, source="test")
    row = ScrapeRequestLog.objects.values("picked_at", "error").get(pk=ctx.task_id)
    retry_at = datetime.fromisoformat(row["error"]["retry_at"])
    _mark(marker_dir, "late.log", f"{ctx.task_id} {(row['picked_at'] - retry_at).total_seconds()}")
    return {"ran": True}


@flow("test_partial", params=Marked, platform="BEAT", timeout=5)
def test_partial(ctx, *, marker_dir, sleep_ms=0, key="x"):
    return {"partial": True, "stop_reason": "page cap reached", "fetched": 3}

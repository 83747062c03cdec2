"""The flow bench/chaos.py runs (loaded by its clusters through BEAT_FLOW_MODULES): sleeps 0-300 ms
and logs when each run starts and ends, with its process, so the bench can tell whether two runs of
one task ever overlapped (a killed run ends when its process was killed)."""
import os
import time

from rest_framework import serializers as s

from beat.flows import flow
from beat.flows.params import schema

Work = schema("ChaosWorkParams", sleep_ms=s.IntegerField(), log=s.CharField())


def _log(path: str, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())  # one write of a short line: lines never interleave
    finally:
        os.close(fd)


@flow("chaos_work", params=Work, platform="BEAT", timeout=30, concurrency=1000, max_attempts=10)
def chaos_work(ctx, *, sleep_ms, log):
    _log(log, f"start {ctx.task_id} {os.getpid()} {time.time()}")
    time.sleep(sleep_ms / 1000)
    _log(log, f"end {ctx.task_id} {os.getpid()} {time.time()}")
    return {"slept_ms": sleep_ms}

"""Worker processes for a bench: each in its own session, stopped with SIGTERM (its group killed if
it is still there 30 s later), output discarded so the bench's own lines stay readable."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTLE_SECONDS = 3  # imported, connected and listening


def start(args: list[str], count: int = 1, **env: str) -> list[subprocess.Popen]:
    """`count` processes of `python <args>` run from the repository root, with `env` added."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    procs = [subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(count)]
    time.sleep(SETTLE_SECONDS)
    for proc in procs:
        if proc.poll() is not None:
            raise SystemExit(f"worker `{' '.join(args)}` exited with {proc.returncode} on start")
    return procs


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)  # to the leader only: a cluster stops its own workers
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

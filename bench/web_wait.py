"""Waiting requests do not block the others: 50 concurrent profile requests that each wait 2 s for
their refresh, while /heartbeat and a task read are asked in a loop; on gunicorn with Beat's config
(gunicorn.conf.py: gthread workers) and, for contrast, on sync workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/web_wait.py

The wait is the real one: each profile request is for a handle never stored, so the view submits a
refresh_profile_by_handle task and polls its row for BEAT_API_REFRESH_WAIT (2 here) seconds. No
worker runs, so every refresh "takes" the full 2 s and the view answers 202 with the task, exactly
as a web process experiences a 2 s refresh. Uses its own database (<name>_bench_web).
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from bench.benchdb import ensure_database, use_own_database  # noqa: E402
from bench.figures import record  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench_web")
WAITING = int(os.environ.get("BENCH_WAITING_REQUESTS", "50"))
WAIT_SECONDS = 2
BEAT_MODE = "gthread (gunicorn.conf.py)"
# mode -> (gunicorn flags over the config, rounds); the first round of a server also opens its threads'
# database connections, so it is shown apart
MODES = {BEAT_MODE: ([], 3), "sync workers (2)": (["-k", "sync", "--threads", "1"], 1)}
# a probe queued behind a waiting request would take up to WAIT_SECONDS; one tenth of it shows it was not
PROBE_AIM_MS = WAIT_SECONDS * 1000 / 10


def setup() -> tuple[str, int]:
    """An account whose request rate the bench cannot reach, its key, and one task to read."""
    from accounts.models import Account, AccountAPIKey
    from beat.queue import services

    account, _ = Account.objects.update_or_create(slug="bench-web", defaults={"request_rate": "100000000/m"})
    key = AccountAPIKey.objects.create_key(account=account, name="bench-web")[1]
    task, _ = services.submit("beat_echo", {"payload": "read me"}, account=account)
    return key, task.pk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, extra: list[str]) -> subprocess.Popen:
    env = {**os.environ, "BEAT_WEB_BIND": f"127.0.0.1:{port}", "BEAT_API_REFRESH_WAIT": str(WAIT_SECONDS),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *extra,
                             "--access-logfile", "/dev/null", "--log-level", "warning", "beat.wsgi"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            time.sleep(1.0)  # let every worker boot, not only the first
            return proc
        except OSError:
            time.sleep(0.1)
    stop_server(proc)
    raise SystemExit("the bench server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def measure(port: int, key: str, task_id: int) -> dict:
    import requests

    base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Api-Key {key}"}
    run = uuid.uuid4().hex[:8]
    waits, probes = [], {"heartbeat": [], "task read": []}
    started = threading.Barrier(WAITING + 1)
    done = threading.Event()

    def waiting(i: int):
        started.wait()
        t0 = time.monotonic()
        response = requests.get(f"{base}/profiles/INSTAGRAM/byhandle/bench_{run}_{i}", headers=headers, timeout=60)
        waits.append((response.status_code, time.monotonic() - t0))

    def probe():
        time.sleep(0.3)  # the waiting requests are in by now
        while not done.is_set():
            for name, path in (("heartbeat", "/heartbeat"), ("task read", f"/scrape_request_log/flow/{task_id}")):
                t0 = time.monotonic()
                response = requests.get(base + path, headers=headers, timeout=60)
                assert response.status_code == 200, (path, response.status_code)
                probes[name].append(time.monotonic() - t0)
            time.sleep(0.02)

    threads = [threading.Thread(target=waiting, args=(i,)) for i in range(WAITING)]
    for t in threads:
        t.start()
    prober = threading.Thread(target=probe)
    started.wait()
    prober.start()
    for t in threads:
        t.join()
    done.set()
    prober.join()
    return {"waits": waits, **probes}


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.95))]


def ms(values: list[float]) -> str:
    return (f"n={len(values):4d}  p50 {statistics.median(values) * 1000:7.1f} ms  p95 {p95(values) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms")


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    key, task_id = setup()
    print(f"{WAITING} concurrent GET /profiles/INSTAGRAM/byhandle/<new handle>, each waiting {WAIT_SECONDS} s "
          f"for its refresh; /heartbeat and GET /scrape_request_log/flow/{{id}} asked in a loop meanwhile")
    for mode, (extra, rounds) in MODES.items():
        port = free_port()
        server = start_server(port, extra)
        try:
            for round_ in range(1, rounds + 1):
                figures = measure(port, key, task_id)
                statuses = sorted({status for status, _ in figures["waits"]})
                print(f"\n{mode}, round {round_}{' (cold: new connections)' if round_ == 1 else ''}")
                print(f"  profile requests  {ms([s for _, s in figures['waits']])}  statuses {statuses}")
                print(f"  /heartbeat        {ms(figures['heartbeat'])}")
                print(f"  task read         {ms(figures['task read'])}")
            for probe in ("heartbeat", "task read"):  # the last round: warm connections
                value = round(p95(figures[probe]) * 1000, 1)
                aim = {"aim": f"< {PROBE_AIM_MS:.0f} ms", "ok": value < PROBE_AIM_MS} if mode == BEAT_MODE else {}
                record("web_wait", f"{probe} p95 during {WAITING} waiting requests, {mode}", value, "ms", **aim)
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()

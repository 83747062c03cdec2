"""The API half of bench/ingest.py: GET /profiles/INSTAGRAM/byhandle/{h} on a fresh stored profile.

Prints the SQL queries of one request (counted in-process, as the tests do) and the requests/s of a
real gunicorn server on 127.0.0.1 (bench.ingest_api_site and _urls: Beat's routes plus two bare DRF views that
answer a constant), hit by THREADS client threads of requests.Session, N requests each, per view; each
view is measured ROUNDS times, interleaved, and its best round is kept. Called by bench/ingest.py
after Django is set up on the bench database.
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N = int(os.environ.get("BENCH_API_REQUESTS", "500"))
THREADS = int(os.environ.get("BENCH_API_THREADS", "4"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))
SERVER_WORKERS = os.environ.get("BENCH_API_WORKERS", "2")
HANDLE = "bench_api"
BARE_AUTH = "bare (key auth + throttle)"  # a DRF view doing a read's auth and throttling, and nothing else
VIEWS = {"profile": f"/profiles/INSTAGRAM/byhandle/{HANDLE}", BARE_AUTH: "/bench/bare",
         "bare (open)": "/bench/bare-open"}


def stored_profile_and_key() -> str:
    """A fresh stored profile, and a key of an account whose request rate the bench cannot reach."""
    from accounts.models import Account, AccountAPIKey
    from instagram.records import ProfileRecord
    from instagram.services import profile_upsert

    profile_upsert(record=ProfileRecord(profile_id="999000111", handle=HANDLE, full_name="Bench", followers=1234,
                                        following=5, media_count=67, profile_type="creator", is_private=False),
                   source="bench")
    account, _ = Account.objects.update_or_create(slug="bench-api", defaults={"request_rate": "100000000/m"})
    return AccountAPIKey.objects.create_key(account=account, name="bench")[1]


def queries_per_request(key: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get(VIEWS["profile"]).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(VIEWS["profile"])
    assert response.status_code == 200, response.content
    return len(captured)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.ingest_api_site", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "beat.wsgi", "-b", f"127.0.0.1:{port}",
                             "-w", SERVER_WORKERS, "--log-level", "warning"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    stop_server(proc)
    raise SystemExit("the bench server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)  # gunicorn's arbiter stops its own workers
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def rate(base: str, path: str, key: str) -> float:
    """Requests per second of THREADS threads doing N requests each (every answer must be 200)."""
    import requests

    failures = []

    def client():
        with requests.Session() as session:
            session.headers["Authorization"] = f"Api-Key {key}"
            for _ in range(N):
                status = session.get(base + path).status_code
                if status != 200:
                    failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{path}: {len(failures)} answers were not 200 (first: {failures[0]})")
    return N * THREADS / elapsed


def api_figures() -> dict:
    key = stored_profile_and_key()
    queries = queries_per_request(key)
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        for path in VIEWS.values():  # warm every worker's imports and connections
            _warm(base, path, key)
        rounds = {name: [] for name in VIEWS}
        for _ in range(ROUNDS):
            for name, path in VIEWS.items():
                rounds[name].append(rate(base, path, key))
    finally:
        stop_server(server)
    best = {name: max(values) for name, values in rounds.items()}
    print(f"ingest bench (API): gunicorn -w {SERVER_WORKERS} on 127.0.0.1, {THREADS} client threads x {N} requests,"
          f" best of {ROUNDS} interleaved rounds")
    print(f"GET /profiles/INSTAGRAM/byhandle/{{h}} (fresh): {queries} SQL queries per request "
          "(the API key with its account, the profile's columns)")
    for name, value in best.items():
        spread = f"rounds {', '.join(f'{v:.0f}' for v in rounds[name])}"
        print(f"  {name:<28}: {value:7.0f} requests/s ({spread}; median {statistics.median(rounds[name]):.0f})")
    for bare in (BARE_AUTH, "bare (open)"):
        print(f"profile / {bare}: {best['profile'] / best[bare]:.2f}")
    return {"queries": queries, **best}


def _warm(base: str, path: str, key: str) -> None:
    import requests

    with requests.Session() as session:
        session.headers["Authorization"] = f"Api-Key {key}"
        for _ in range(50):
            session.get(base + path)

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

import tests.queue.testflows  # noqa: F401  (registers the test flows in this process)

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def worker_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "BEAT_TEST_DB_NAME"}
    env.update(DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL, DJANGO_SECRET_KEY=settings.SECRET_KEY,
               BEAT_FLOW_MODULES="tests.queue.testflows", BEAT_LEASE_GRACE="1", BEAT_WORKERS="4",
               PYTHONPATH=str(ROOT))
    env.update({k: str(v) for k, v in extra.items()})
    return env


@pytest.fixture
def markers(tmp_path):
    return tmp_path


@pytest.fixture
def redis_conn():
    import redis

    conn = redis.from_url(settings.REDIS_URL)
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture
def cluster(redis_conn, tmp_path):
    """A real django-q2 cluster (`manage.py qcluster`) on the test database and Redis; logs in tmp_path."""
    procs = []

    def start(**extra):
        log = open(tmp_path / f"cluster-{len(procs)}.log", "w")
        proc = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=worker_env(**extra),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        try:
            proc.send_signal(signal.SIGTERM)  # the cluster stops its own workers (a group-wide TERM wedges it)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def maintainer(tmp_path):
    """The maintenance process (`manage.py beat_maintenance`) on the test database; stopped after the test."""
    procs = []

    def start(**extra):
        log = open(tmp_path / f"maintenance-{len(procs)}.log", "w")
        proc = subprocess.Popen([sys.executable, "manage.py", "beat_maintenance"], cwd=ROOT,
                                env=worker_env(**extra), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(predicate, timeout=30.0, interval=0.1, message="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")

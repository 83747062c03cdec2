"""`manage.py dev` (what `make run` runs) for real: embedded defaults, web + worker, clean stop."""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from beat.management.commands.dev import ensure_first_admin

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT_OF_PRODUCTION = ("DATABASE_URL", "REDIS_URL", "BEAT_TEST_DB_NAME", "BEAT_FLOW_MODULES",
                             "DJANGO_SECRET_KEY", "BEAT_CREDENTIALS_KEYS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_env(var_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_OF_PRODUCTION}
    return {**env, "BEAT_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}


def keyed_embedded_env(var_dir) -> dict:
    """The embedded default with its own keys, as a deployment that is not `make run` must have them."""
    from cryptography.fernet import Fernet

    return {**embedded_env(var_dir), "DJANGO_SECRET_KEY": "beat-ops-tests-" + "k" * 40,
            "BEAT_CREDENTIALS_KEYS": Fernet.generate_key().decode()}


def manage(*args, env) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def sessions_alive(session_ids: set[int]) -> list[int]:
    """Live (non-zombie) processes whose session is one of session_ids."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # state ppid pgrp session ...
        if fields[0] != "Z" and int(fields[3]) in session_ids:
            alive.append(int(entry.name))
    return alive


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
        except OSError:
            continue
    return found


class Dev:
    def __init__(self, tmp_path):
        self.env, self.port, self.lines = embedded_env(tmp_path), free_port(), []
        self.db = tmp_path / "beat.sqlite3"
        self.process = subprocess.Popen([sys.executable, "manage.py", "dev", "--port", str(self.port)], cwd=ROOT,
                                        env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def status_of(self, task_id: int) -> str:
        with sqlite3.connect(self.db, timeout=5) as db:
            return db.execute("SELECT status FROM scrape_request_log WHERE id = ?", [task_id]).fetchone()[0]

    def output(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def dev(tmp_path):
    running = Dev(tmp_path)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


@pytest.mark.cluster
def test_make_run_serves_runs_a_task_and_stops_without_leaving_a_child(dev):
    wait_until(lambda: answers(dev.url("/heartbeat")) or dev.process.poll() is not None, 90, "the web server")
    assert dev.process.poll() is None, dev.output()
    assert answers(dev.url("/admin/login/"))
    assert f"Log in at http://127.0.0.1:{dev.port}/admin/ as 'admin' with password: " in dev.output()

    task_id = int(manage("enqueue", "beat_echo", "--params", '{"payload": "hi"}', env=dev.env))
    wait_until(lambda: dev.status_of(task_id) == "COMPLETE", 10, f"task {task_id} to complete")

    sessions = children_of(dev.process.pid)
    assert len(sessions) == 3
    assert len(sessions_alive(sessions)) > 3  # runserver, qcluster and its own processes, beat_maintenance
    dev.process.send_signal(signal.SIGTERM)
    assert dev.process.wait(timeout=30) == 0, dev.output()
    assert sessions_alive(sessions) == []


@pytest.mark.cluster
def test_make_run_stops_the_web_server_when_the_worker_dies(dev):
    wait_until(lambda: answers(dev.url("/heartbeat")) or dev.process.poll() is not None, 90, "the web server")
    sessions = children_of(dev.process.pid)
    worker = next(pid for pid in sessions if b"qcluster" in Path(f"/proc/{pid}/cmdline").read_bytes())
    os.killpg(worker, signal.SIGKILL)
    assert dev.process.wait(timeout=30) != 0
    assert "worker exited with code -9; stopping the rest." in dev.output()
    assert sessions_alive(sessions) == []
    assert not answers(dev.url("/heartbeat"))


@pytest.mark.django_db
def test_the_first_admin_is_created_once_and_its_password_works(django_user_model):
    username, password = ensure_first_admin()
    assert username == "admin" and len(password) >= 16
    assert django_user_model.objects.get(username="admin").check_password(password)
    assert ensure_first_admin() is None
    assert django_user_model.objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_a_first_admin_gets_another_name_when_admin_is_taken_by_a_plain_user(django_user_model):
    django_user_model.objects.create_user("admin", password="x" * 12)
    username, _ = ensure_first_admin()
    assert username.startswith("admin-")
    assert django_user_model.objects.get(username=username).is_superuser

"""Issue 9/10: a token sent in a query string never reaches an access log, under runserver (make
run) or gunicorn (production); the real servers, started here on loopback."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "EAAGlogLEAKcanary0123456789abcdef"  # a made-up canary in a Graph token's shape, not a real token
PATHS = (f"/token/validate?access_token={SECRET}",
         f"/profiles/INSTAGRAM/byhandle/nasa/insights?token={SECRET}&user_id=1784")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return 0


def serve_and_read_log(command: list[str], port: int, tmp_path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BEAT_TEST_DB_NAME")}
    env.update(BEAT_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while get(f"http://127.0.0.1:{port}/heartbeat") == 0:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            for path in PATHS:
                assert get(f"http://127.0.0.1:{port}{path}") == 401  # no key: refused, and logged
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=15)
    return log.read_text()


@pytest.mark.cluster
def test_runserver_access_lines_never_carry_a_token(tmp_path):
    port = free_port()
    output = serve_and_read_log([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                port, tmp_path)
    assert "/token/validate?access_token=***" in output, output
    assert SECRET not in output


@pytest.mark.cluster
def test_gunicorn_access_lines_never_carry_a_token(tmp_path):
    port = free_port()
    output = serve_and_read_log([sys.executable, "-m", "gunicorn", "beat.wsgi", "-b", f"127.0.0.1:{port}",
                                 "-w", "1", "--access-logfile", "-"], port, tmp_path)
    assert "/token/validate?access_token=***" in output, output
    assert "token=***&user_id=1784" in output
    assert SECRET not in output

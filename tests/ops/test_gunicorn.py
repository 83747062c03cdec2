"""The production web server (`gunicorn beat.wsgi`, which reads gunicorn.conf.py) for real, on the embedded default:
requests waiting for a refresh do not hold up the others, and no token in a query string reaches the access log.
The bound here is loose (a shared test machine); bench/web_wait.py measures the real figures."""
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.ops.test_dev import ROOT, answers, free_port, keyed_embedded_env, manage, wait_until

WAITING = 12
SECRET = "EAAQueryTokenNeverLogged0123456789"  # a made-up canary in a Graph token's shape, not a real token


@pytest.fixture
def server(tmp_path):
    env = keyed_embedded_env(tmp_path)
    manage("migrate", "--noinput", env=env)
    key = manage("create_api_key", "acme", env=env).strip().splitlines()[-1]
    port = free_port()
    log = tmp_path / "access.log"
    env = {**env, "BEAT_WEB_BIND": f"127.0.0.1:{port}", "BEAT_WEB_WORKERS": "1", "BEAT_WEB_THREADS": "16",
           "BEAT_API_REFRESH_WAIT": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--access-logfile",
                             str(log), "beat.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(base + "/heartbeat") or proc.poll() is not None, 60, "gunicorn")
        assert proc.poll() is None, proc.stderr.read()
        yield base, key, log
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def get(url: str, key: str | None = None) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Authorization": f"Api-Key {key}"} if key else {})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status, time.monotonic() - started


def test_waiting_profile_requests_leave_the_heartbeat_answering_and_the_log_without_tokens(server):
    base, key, log = server
    waits = []
    threads = [threading.Thread(target=lambda i=i: waits.append(get(
        f"{base}/profiles/INSTAGRAM/byhandle/waiting_{i}?force_refresh=true&access_token={SECRET}", key)))
        for i in range(WAITING)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # every profile request is now waiting on its refresh (no worker runs here)
    beats = [get(base + "/heartbeat") for _ in range(10)]
    for thread in threads:
        thread.join()
    assert [status for status, _ in waits] == [202] * WAITING
    assert min(seconds for _, seconds in waits) >= 1.9  # they really waited
    assert all(status == 200 for status, _ in beats)
    assert max(seconds for _, seconds in beats) < 1.0  # not queued behind the 2 s waits
    # gunicorn writes an access line after the answer is sent: give the last ones a moment
    wait_until(lambda: log.read_text().count("/profiles/INSTAGRAM/byhandle/waiting_") >= WAITING, 10,
               "every waiting request's access line")
    lines = log.read_text()
    assert lines.count("/profiles/INSTAGRAM/byhandle/waiting_") == WAITING
    assert SECRET not in lines and "access_token=***" in lines

"""RabbitMQ tests: the real broker on 127.0.0.1:5672, in a vhost of this test database's name (created
and deleted here), so that parallel runs never meet; `manage.py amqp_bridge` as a real process."""
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pika
import pytest
from django.conf import settings
from django.db import connection

from tests.amqp.proxy import Proxy

ROOT = Path(__file__).resolve().parents[2]


def rabbitmqctl(*args) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def vhost():
    name = f"{os.environ.get('BEAT_TEST_DB_NAME') or 'test_beat'}_{os.getpid()}"
    rabbitmqctl("add_vhost", name)
    rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    yield name
    rabbitmqctl("delete_vhost", name)


def amqp_url(vhost: str, port: int = 5672) -> str:
    return f"amqp://guest:guest@127.0.0.1:{port}/{vhost}?heartbeat=5&connection_attempts=1&socket_timeout=2"


@pytest.fixture
def broker(vhost):
    """A channel of the test's own, on the same vhost: publishes messages, reads queues."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_url(vhost)))
    channel = conn.channel()
    yield channel
    conn.close()


def bridge_env(url: str) -> dict:
    d = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "BEAT_TEST_DB_NAME"}
    env.update(DATABASE_URL=f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}",
               REDIS_URL=settings.REDIS_URL, DJANGO_SECRET_KEY=settings.SECRET_KEY, AMQP_URL=url,
               BEAT_AMQP_POLL_MS="100", BEAT_AMQP_RECONNECT_MAX="1", PYTHONPATH=str(ROOT))
    return env


@pytest.fixture
def bridge(vhost, tmp_path):
    """Start `manage.py amqp_bridge` (through a Proxy when asked); stopped with SIGTERM at the end."""
    procs = []

    def start(proxy: Proxy | None = None):
        url = amqp_url(vhost, proxy.port if proxy else 5672)
        log = open(tmp_path / f"bridge-{len(procs)}.log", "w")
        proc = subprocess.Popen([sys.executable, "manage.py", "amqp_bridge"], cwd=ROOT, env=bridge_env(url),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def bound_queue(broker):
    """A queue of the test's own bound to beat.dx with the given routing keys; returns a reader."""
    def bind(*routing_keys):
        broker.exchange_declare(exchange="beat.dx", exchange_type="direct", durable=True)
        name = f"test_events_{uuid.uuid4().hex[:8]}"
        broker.queue_declare(queue=name, auto_delete=True)
        for key in routing_keys:
            broker.queue_bind(queue=name, exchange="beat.dx", routing_key=key)
        return name

    return bind


def drain(channel, queue: str, until, timeout: float = 20.0) -> list:
    """Read (and ack) messages of `queue` until until(messages) holds or the timeout passes:
    [(method, properties, decoded body)]."""
    messages = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            if until(messages):
                return messages
            time.sleep(0.05)
            continue
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = body
        messages.append((method, properties, decoded))
    return messages


def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()

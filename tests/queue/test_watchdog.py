"""The cluster watchdog's wedge rule, on heartbeat records in the real store (Redis)."""
import os
import time
import uuid

import pytest

from beat.queue import heartbeat
from beat.queue.supervisor import Watchdog


@pytest.fixture
def cluster():
    name = f"test-host:{uuid.uuid4().hex[:8]}"
    yield name
    heartbeat.store.forget(name)


def beat(cluster, pid, state, read_ago):
    now = time.time()
    heartbeat.store.put(heartbeat.Record(pid=pid, cluster=cluster, state=state, since=now - 1,
                                         lock_at=now - read_ago, started=now - 100, at=now))


def test_an_idle_worker_that_waited_for_the_lock_while_a_sibling_held_it_is_no_wedge(cluster):
    # after a quiet spell one worker held the read lock turn after turn, then took a message: the
    # lock is alive, though its idle sibling has not had it for 30 s
    beat(cluster, os.getpid(), "running", read_ago=0.5)
    beat(cluster, os.getppid(), "idle", read_ago=30)
    assert Watchdog(cluster).check() is None


def test_a_cluster_whose_live_workers_all_went_without_the_lock_is_wedged(cluster):
    beat(cluster, os.getpid(), "running", read_ago=30)
    beat(cluster, os.getppid(), "idle", read_ago=30)
    assert "none has read the task queue for 30 s" in Watchdog(cluster).check()

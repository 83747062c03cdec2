"""Guarantees that need real worker processes: django-q2 clusters on PostgreSQL + Redis."""
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from beat.models import QueueEvent, ScrapeRequestLog, Status
from beat.queue import maintenance, services
from tests.queue.conftest import ROOT, wait_for, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cluster]


def statuses():
    return Counter(ScrapeRequestLog.objects.values_list("status", flat=True))


def maintenance_then(check):
    """What the maintenance schedule does each minute, run on each poll here to keep the test short."""
    maintenance.resend_wakeups()
    return check()


def runs(markers) -> Counter:
    log = markers / "runs.log"
    return Counter(log.read_text().split()) if log.exists() else Counter()


@pytest.mark.parametrize("batch", [1, 10])
def test_racing_claimers_never_claim_a_task_twice(batch):
    ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={}) for _ in range(2000)])
    procs = [subprocess.Popen([sys.executable, "tests/queue/claimers.py", f"c{i}", str(batch)], cwd=ROOT,
                              env=worker_env(), stdout=subprocess.PIPE, text=True) for i in range(4)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    claimed = [int(x) for out in outputs for x in out.split()]
    assert len(claimed) == 2000 and len(set(claimed)) == 2000
    assert sum(1 for out in outputs if out.split()) >= 2  # the processes really raced


def test_flushing_redis_mid_run_loses_no_task(cluster, redis_conn, markers):
    for _ in range(60):
        services.submit("test_logged", {"marker_dir": str(markers), "sleep_ms": 50})
    cluster()
    wait_for(lambda: sum(runs(markers).values()) >= 5, message="first tasks to run")
    redis_conn.flushdb()  # every wake-up still in the broker is gone
    time.sleep(0.5)
    assert statuses()[Status.PENDING] > 0, "the flush came too late to prove anything"
    wait_for(lambda: maintenance_then(lambda: statuses()[Status.COMPLETE] == 60), timeout=60, interval=1.0,
             message="every task to complete after the flush")
    assert runs(markers) == Counter({str(pk): 1 for pk in ScrapeRequestLog.objects.values_list("pk", flat=True)})


def test_wake_ups_lost_before_any_worker_ran_are_sent_again(cluster, redis_conn, markers, settings):
    settings.BEAT_WAKEUP_STALE = 0
    for _ in range(10):
        services.submit("test_logged", {"marker_dir": str(markers)})
    redis_conn.flushdb()  # a Redis restart: every wake-up is gone, no worker has seen one
    cluster()
    time.sleep(3)
    assert statuses()[Status.PENDING] == 10, "nothing runs without a wake-up"
    # one wake-up per worker is enough: each drains the queue and recruits others while it finds more
    assert maintenance.resend_wakeups() == settings.Q_CLUSTER["workers"] == 4
    wait_for(lambda: statuses()[Status.COMPLETE] == 10, timeout=30, message="the re-woken tasks to complete")
    assert sorted(runs(markers).values()) == [1] * 10


def test_a_worker_killed_mid_task_has_its_task_run_again_at_once_and_completed_once(cluster, markers):
    task, _ = services.submit("test_crashy", {"marker_dir": str(markers)})  # timeout 60 s: a lease of 61 s
    cluster()
    pid = int(wait_for(lambda: (markers / "started").exists() and (markers / "started").read_text().split()[0],
                       message="the first attempt to start"))
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    wait_for(lambda: ScrapeRequestLog.objects.get(pk=task.pk).status == Status.COMPLETE, timeout=15,
             message="the second attempt to complete")
    assert time.monotonic() - killed < 5  # the cluster saw its worker die: no waiting for the lease
    task.refresh_from_db()
    assert task.attempts == 2 and task.data == {"attempt": 2}
    assert runs(markers) == Counter({str(task.pk): 1})
    event = QueueEvent.objects.get(kind=QueueEvent.Kind.WORKERS_LOST)
    assert "the worker process died" in event.message and event.details["workers"][0].endswith(f":{pid}")


def test_a_claim_past_its_lease_is_taken_back_by_the_sweep():
    task, _ = services.submit("beat_echo", {})
    ScrapeRequestLog.objects.filter(pk=task.pk).update(status=Status.PROCESSING, attempts=1, worker="gone:1",
                                                       lease_until=timezone.now() - timedelta(seconds=1))
    assert maintenance.recover_lost_claims() == 1
    task.refresh_from_db()
    assert task.status == Status.PENDING and task.error["code"] == "worker_lost"


def test_a_flows_concurrency_cap_holds_under_load(cluster, markers):
    for _ in range(24):
        services.submit("test_capped", {"marker_dir": str(markers), "sleep_ms": 150})
    cluster(BEAT_WORKERS=4)
    cluster(BEAT_WORKERS=4)  # two clusters, eight workers, cap 2
    wait_for(lambda: maintenance_then(lambda: statuses()[Status.COMPLETE] == 24), timeout=90, interval=0.5,
             message="all capped tasks to complete")
    events = sorted((float(t), int(d)) for t, d in
                    (line.split() for line in (markers / "spans.log").read_text().splitlines()))
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    assert peak == 2  # never above the cap, and the cap was reached


def test_schedules_are_installed_once_and_maintenance_is_not_one_of_them():
    from django_q.models import Schedule

    from beat.queue.schedules import install

    Schedule.objects.create(name="beat.queue.maintenance", func="beat.queue.maintenance.tick")  # an old install
    install()
    install()
    assert Schedule.objects.filter(name="beat.housekeeping.prune").count() == 1
    assert not Schedule.objects.filter(name="beat.queue.maintenance").exists()

"""Recovery that cannot stall: a killed lock holder, a stuck worker at shutdown, a whole cluster killed.
Real django-q2 clusters (Beat's qcluster) on PostgreSQL + Redis; short settings keep each test brief."""
import os
import signal
import time
from collections import Counter

import pytest

from beat.models import QueueEvent, ScrapeRequestLog, Status
from beat.queue import heartbeat, maintenance, services
from beat.queue.supervisor import WEDGED_EXIT_CODE, alive
from tests.queue.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cluster]


def runs(markers) -> Counter:
    log = markers / "runs.log"
    return Counter(log.read_text().split()) if log.exists() else Counter()


def workers_of(proc) -> list[heartbeat.Record]:
    return list(heartbeat.store.records(heartbeat.cluster_id(proc.pid)).values())


def test_killing_the_worker_holding_the_queue_lock_ends_the_cluster_and_a_new_one_drains(cluster, markers,
                                                                                         settings):
    settings.BEAT_WAKEUP_STALE = 0
    wedged = cluster(BEAT_WEDGED_AFTER=3)
    idle = wait_for(lambda: len(workers_of(wedged)) == 4 and workers_of(wedged), message="4 worker heartbeats")
    for record in idle:  # every idle worker at once: whichever holds the read lock dies holding it
        os.kill(record.pid, signal.SIGKILL)
    tasks = [services.submit("test_logged", {"marker_dir": str(markers)})[0] for _ in range(10)]
    assert wedged.wait(timeout=20) == WEDGED_EXIT_CODE
    event = QueueEvent.objects.get(kind=QueueEvent.Kind.CLUSTER_WEDGED)
    assert event.cluster == heartbeat.cluster_id(wedged.pid) and "none has read the task queue" in event.message
    assert runs(markers) == Counter(), "a wedged cluster runs nothing"
    cluster()  # what the process manager starts again
    # the wedged cluster's pusher took their wake-ups off Redis: the maintenance sweep sends them again
    wait_for(lambda: maintenance.resend_wakeups() >= 0 and
             ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 10, timeout=30, interval=1,
             message="the new cluster to drain the tasks")
    assert runs(markers) == Counter({str(t.pk): 1 for t in tasks})


def test_sigterm_ends_a_cluster_within_its_grace_though_a_worker_is_stuck(cluster, markers):
    proc = cluster(BEAT_SHUTDOWN_GRACE=2)
    task, _ = services.submit("test_crashy", {"marker_dir": str(markers)})  # its first run sleeps 30 s
    wait_for(lambda: (markers / "started").exists(), message="the stuck task to start")
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    assert time.monotonic() - started < 5
    pid = int((markers / "started").read_text().split()[0])
    wait_for(lambda: not alive(pid), timeout=2, message="the stuck worker to be gone")
    task.refresh_from_db()
    assert task.status == Status.PENDING and task.error["code"] == "worker_lost"  # runs again elsewhere


def test_a_whole_cluster_killed_has_its_tasks_run_again_within_seconds(cluster, maintainer, markers):
    maintainer(BEAT_WORKER_DEAD_AFTER=2, BEAT_MAINTENANCE_INTERVAL=3600)
    doomed = cluster()
    task, _ = services.submit("test_crashy", {"marker_dir": str(markers)})  # timeout 60 s: a lease of 61 s
    wait_for(lambda: (markers / "started").exists(), message="the first attempt to start")
    os.killpg(doomed.pid, signal.SIGKILL)  # nobody on its machine sees its workers die
    killed = time.monotonic()
    cluster()
    wait_for(lambda: ScrapeRequestLog.objects.get(pk=task.pk).status == Status.COMPLETE, timeout=20,
             message="the task to run again on the other cluster")
    assert time.monotonic() - killed < 10
    assert runs(markers) == Counter({str(task.pk): 1})

"""Tasks rescheduled to a retry_at start at that time (the maintenance process wakes them), and a
lost wake-up is recovered by the sweep: real clusters on PostgreSQL + Redis."""
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from beat.queue import maintenance, services, wakeup
from beat.queue.due import DueWakeups
from tests.queue.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True)]


def runs(markers) -> Counter:
    log = markers / "runs.log"
    return Counter(log.read_text().split()) if log.exists() else Counter()


def lateness(markers) -> dict[int, float]:
    return {int(pk): float(late) for pk, late in (line.split() for line in (markers / "late.log").read_text().splitlines())}


def statuses() -> Counter:
    return Counter(ScrapeRequestLog.objects.values_list("status", flat=True))


@pytest.mark.cluster
def test_a_rate_limited_task_starts_again_at_its_retry_at_with_no_sweep(cluster, maintainer, markers):
    maintainer(BEAT_MAINTENANCE_INTERVAL=3600)  # its one sweep runs at start, before any task exists
    cluster()
    tasks = [services.submit("test_limited_once", {"marker_dir": str(markers), "retry_after_ms": 700 + 150 * i})[0]
             for i in range(8)]
    wait_for(lambda: statuses()[Status.COMPLETE] == 8, timeout=30, message="every rescheduled task to complete")
    late = lateness(markers)
    assert sorted(late) == sorted(t.pk for t in tasks)
    assert all(0 <= seconds < 0.5 for seconds in late.values()), late  # bench/budget.py measures p99
    assert runs(markers) == Counter({str(t.pk): 2 for t in tasks})  # limited once, then completed once


@pytest.mark.cluster
def test_a_lost_due_wake_up_is_recovered_by_the_sweep_and_nothing_runs_twice(cluster, markers):
    cluster(BEAT_LINGER_MS="0")  # no maintenance process and no lingering worker: nothing wakes it at its retry_at
    task, _ = services.submit("test_limited_once", {"marker_dir": str(markers), "retry_after_ms": 300})
    wait_for(lambda: ScrapeRequestLog.objects.filter(pk=task.pk, retry_at__isnull=False).exists(), timeout=10,
             message="the task to be rescheduled")
    retry_at = ScrapeRequestLog.objects.get(pk=task.pk).retry_at
    wait_for(lambda: timezone.now() > retry_at + timedelta(seconds=2), timeout=10, message="its retry_at to pass")
    assert ScrapeRequestLog.objects.get(pk=task.pk).status == Status.PENDING, "nothing woke it"
    assert maintenance.tick()["woken"] == 1
    wait_for(lambda: ScrapeRequestLog.objects.get(pk=task.pk).status == Status.COMPLETE, timeout=10,
             message="the recovered task to complete")
    assert runs(markers) == Counter({str(task.pk): 2})


def test_a_due_task_is_woken_once_however_often_the_poll_sees_it(redis_conn):
    task, _ = services.submit("beat_echo", {})
    redis_conn.flushdb()  # the submit's own wake-up
    ScrapeRequestLog.objects.filter(pk=task.pk).update(retry_at=timezone.now() + timedelta(seconds=0.3))
    due = DueWakeups()
    assert due.poll() == 0  # not due yet
    wait_for(lambda: due.poll() == 1, timeout=5, interval=0.02, message="the task to come due")
    assert due.poll() == 0 and wakeup.broker().queue_size() == 1
    ScrapeRequestLog.objects.filter(pk=task.pk).update(retry_at=timezone.now())  # rescheduled again
    assert due.poll() == 1

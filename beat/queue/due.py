"""Due wake-ups: a task rescheduled to a retry_at (a rate limit, a retry backoff) is woken at that time.

The task row is the only record: retry_at is the delayed wake-up, and nothing else has to be kept
in step with it. The maintenance process polls for PENDING rows whose retry_at has just come (an
index of pending rows by retry_at, srl_due_idx, makes that a few rows' read) and sends one wake-up
each, so a rescheduled task starts about one poll interval after its retry_at. A wake-up lost on the
way (Redis flushed, a worker killed holding it) is re-sent by the sweep (maintenance.resend_wakeups),
which counts every ready task against the broker's backlog.

Each poll reads back LOOKBACK seconds, so a reschedule that committed late is still seen, and
remembers what it woke, so each (task, retry_at) is woken once.
"""
from datetime import timedelta

from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from beat.queue import wakeup

LOOKBACK = timedelta(seconds=2)


class DueWakeups:
    def __init__(self):
        self._woken: dict[int, object] = {}  # task id -> the retry_at it was woken for

    def poll(self) -> int:
        """Send a wake-up for each task that came due since the last polls; returns how many."""
        now = timezone.now()
        due = list(ScrapeRequestLog.objects.filter(status=Status.PENDING, retry_at__gt=now - LOOKBACK,
                                                   retry_at__lte=now).values_list("id", "queue", "retry_at"))
        self._woken = {pk: at for pk, at in self._woken.items() if at > now - LOOKBACK}
        queues: dict[str, int] = {}
        for pk, queue, retry_at in due:
            if self._woken.get(pk) != retry_at:
                self._woken[pk] = retry_at
                queues[queue] = queues.get(queue, 0) + 1
        return sum(wakeup.send(queue, n) for queue, n in queues.items())


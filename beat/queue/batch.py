"""Run a claimed batch in one worker: in claim order, quick tasks' outcomes written together.

A batch (beat.queue.claim.claim_batch) holds tasks of flows this worker has seen run quickly, and
at most one other task, last. Their outcomes wait in an outcomes.Batch and are written in one UPDATE
after the batch, or before the slow task starts, so no outcome waits on a slow run. If the batch
falls behind (a quick flow turned slow), the tasks not started BEAT_BATCH_HOLD_MS after the claim go
back to the queue for other workers, and a wake-up is sent for them: a claimed task never waits long
in a worker that is busy with something else, and never near its lease.
"""
import time

from django.conf import settings

from beat.models import ScrapeRequestLog
from beat.queue import claim, outcomes, quick as quick_flows, runner


def run(tasks: list[ScrapeRequestLog], *, beat=None, quick=frozenset()) -> tuple[int, int]:
    """Run `tasks` (claimed together, in order); returns (ran, handed back)."""
    claimed_at = time.monotonic()
    batch = outcomes.Batch()
    ran = 0
    try:
        for task in tasks:
            if ran and time.monotonic() - claimed_at > settings.BEAT_BATCH_HOLD_MS / 1000:
                batch.flush()
                return ran, claim.release(tasks[ran:])
            if task.flow not in quick:
                batch.flush()
            if beat is not None:
                beat.running(task.pk)  # published within a second: what this worker holds
            started = time.monotonic()
            runner.run(task, batch)
            quick_flows.times.ran(task.flow, time.monotonic() - started)
            ran += 1
    finally:
        batch.flush()
    return ran, 0

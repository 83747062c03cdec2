"""What one wake-up does in a worker: drain its queue in claimed batches, then linger, then leave.

While it drains, the worker holds the queue's mark (beat.queue.marks), so new tasks only poke it:
a steady stream of tasks costs no wake-up message each. It lets the mark go before it runs a slow
task (and wakes another worker, so nothing waits behind that task), and before it leaves; after
letting go it claims once more, so a task that only poked it is never left behind.

It goes on claiming for up to BEAT_DRAIN_SECONDS while no other wake-up waits in the broker (then
hands the queue on with a wake-up); a full batch of quick tasks recruits another worker; when
nothing is ready, one worker per queue lingers up to BEAT_LINGER_MS for a poke.
"""
import time

from django.conf import settings

from beat.queue import batch, claim, heartbeat, marks, runner, wakeup
from beat.queue.quick import times

HOLD_REFRESH = marks.MARK_TTL_MS / 3000  # seconds between refreshes of a held mark


class Drain:
    def __init__(self, queue: str):
        self.queue = queue
        self.worker = runner.worker_name()
        self.deadline = time.monotonic() + settings.BEAT_DRAIN_SECONDS
        self.beat = heartbeat.current()
        self.ran = 0
        self._held_at = None  # when this worker last set the mark; None: it does not hold it

    def run(self) -> int:
        leaving = False
        while True:
            if not leaving:
                self._hold()
            quick = frozenset(times.quick())
            tasks = claim.claim_batch(queue=self.queue, worker=self.worker, limit=settings.BEAT_BATCH_SIZE,
                                      quick=quick)
            if not tasks:
                if leaving:
                    return self.ran
                if not self._must_leave() and marks.wait_for_poke(self.queue, self.worker, settings.BEAT_LINGER_MS / 1000):
                    self._held_at = time.monotonic()  # the wait renewed the mark
                    continue
                self._release()
                leaving = True  # claim once more: a task may have poked as the mark was let go
                continue
            leaving = False
            self._run(tasks, quick)
            if time.monotonic() >= self.deadline:
                self._release()
                wakeup.send(self.queue)  # more may be ready: hand the queue on rather than keep this worker
                return self.ran
            if wakeup.backlog() > 0:  # another wake-up waits (maybe another queue's): leave after one more claim
                self._release()
                leaving = True

    def _run(self, tasks, quick) -> None:
        slow = tasks[-1].flow not in quick
        if slow:
            self._release()
            wakeup.nudge(self.queue)  # the slow task must not hold back what comes next
        elif len(tasks) == settings.BEAT_BATCH_SIZE and wakeup.backlog() == 0:
            wakeup.send(self.queue)  # a backlog of quick tasks: recruit another worker
        done, handed_back = batch.run(tasks, beat=self.beat, quick=quick)
        self.ran += done
        if handed_back:
            wakeup.send(self.queue)

    def _must_leave(self) -> bool:
        return time.monotonic() >= self.deadline or wakeup.backlog() > 0

    def _hold(self) -> None:
        now = time.monotonic()
        if self._held_at is None or now - self._held_at > HOLD_REFRESH:
            marks.hold(self.queue, self.worker)
            self._held_at = now

    def _release(self) -> None:
        if self._held_at is not None:
            marks.release(self.queue, self.worker)
            self._held_at = None

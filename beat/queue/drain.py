"""What one wake-up does in a worker: drain its queue in claimed batches, linger, then leave.

While it drains, the worker holds the queue (beat.queue.marks), so new tasks only poke: a steady
stream of tasks costs no wake-up message each. It lets go before it runs a slow task (and wakes
another worker, so nothing waits behind that task) and before it leaves; after letting go it claims
once more, so a task that only poked it is never left behind.

After a batch that took everything ready (fewer tasks than the limit), any newer task has poked the
queue, so the worker does not claim again at once: one worker per queue lingers up to
BEAT_LINGER_MS for a poke (beat.queue.pokes: it listens on PostgreSQL while it lingers, and claims
once when it starts listening), the others leave. A full batch of quick tasks recruits another worker,
while fewer workers than a cluster has hold the queue.
It goes on for up to BEAT_DRAIN_SECONDS, and while no other wake-up waits in the broker: otherwise it
hands the queue on with a wake-up after the batch it ran, so queues take turns at the workers (and a
worker goes back to django-q2, which recycles it). A lingerer whose time is up hands the queue on
too, so a busy queue always has a worker waiting for its next task: it stops being the lingerer,
wakes a successor and goes on listening (and running what it hears of) until the successor listens,
or for HAND_OVER_SECONDS at most, so no new task waits for the hand-over.
"""
import time

from django.conf import settings

from beat.queue import batch, claim, heartbeat, marks, pokes, quick as quick_flows, runner, wakeup


RENEW_AFTER = marks.MARK_TTL_MS / 3000  # seconds: a hold is renewed when it is older than this
LOOK_AGAIN = 0.05  # seconds: how stale this worker's answer to "do other wake-ups wait?" may be
HAND_OVER_SECONDS = 1.0  # how long a lingerer whose turn is over waits for its successor to listen


class Drain:
    def __init__(self, queue: str):
        self.queue = queue
        self.worker = runner.worker_name()
        self.deadline = time.monotonic() + settings.BEAT_DRAIN_SECONDS
        self.beat = heartbeat.current()
        self.ran = 0
        self._held_at = None  # when this worker last renewed its hold; None: it does not hold the queue
        self._lingering = False
        self._others = (0.0, False)  # (when asked, whether other wake-ups waited)
        self._recruited_at = 0.0
        self._holders = 0  # workers holding the queue, as Redis said when this one last renewed its hold
        self._poked = False
        self._handing_over_until = None  # set when a lingerer's turn is over and its successor is woken
        self.ear = pokes.Listener(queue)

    def run(self) -> int:
        try:
            return self._drain()
        finally:
            self.ear.stop()

    def _drain(self) -> int:
        leaving = False
        while True:
            if not (leaving or self._poked):
                self._hold()
            self._poked = False
            quick = frozenset(quick_flows.times.quick())
            tasks = claim.claim_batch(queue=self.queue, worker=self.worker, limit=settings.BEAT_BATCH_SIZE,
                                      quick=quick)
            if tasks:
                leaving = False
                more = self._run(tasks, quick)
                if self._others_wait() or self._turn_ends():
                    return self._leave(wakeup.send)  # hand the queue on: its wake-up comes after those waiting
                if more:
                    continue
            elif leaving:
                return self.ran
            if self._turn_ends():
                return self._leave(wakeup.nudge)  # another worker takes the queue on (and lingers)
            if self._linger():
                self._poked = True  # the lingering hold is fresh: no renewal before this claim
                continue
            self._release()
            leaving = True  # claim once more: a task may have poked as the hold was let go

    def _run(self, tasks, quick) -> bool:
        """Run a claimed batch; True if more tasks may be ready behind it."""
        slow = tasks[-1].flow not in quick
        full = len(tasks) == settings.BEAT_BATCH_SIZE
        if slow:
            self._release()
            wakeup.nudge(self.queue)  # the slow task must not hold back what comes next
        elif full and self._may_recruit():
            wakeup.send(self.queue)  # a backlog of quick tasks: recruit another worker
            self._recruited_at, self._holders = time.monotonic(), self._holders + 1
        done, handed_back = batch.run(tasks, beat=self.beat, quick=quick)
        self.ran += done
        if handed_back:
            wakeup.send(self.queue)
        return slow or full

    def _may_recruit(self) -> bool:
        """Whether to wake another worker for a backlog: not while as many workers as a cluster has
        hold the queue already (counted when this one last renewed its hold, its recruits since
        included), nor just after recruiting, nor while other wake-ups wait their turn."""
        return (self._holders < settings.Q_CLUSTER["workers"] and time.monotonic() - self._recruited_at > LOOK_AGAIN
                and not self._others_wait())

    def _leave(self, wake) -> int:
        """Let go of the queue and `wake` a worker to take it on, unless another already listens there."""
        replaced = self.ear.replaced
        self._release()
        if not replaced:
            wake(self.queue)
        return self.ran

    def _turn_over(self) -> bool:
        return time.monotonic() >= self.deadline

    def _turn_ends(self) -> bool:
        """Its turn is over and it does not (or no longer) hand the queue over: it leaves now."""
        return self._turn_over() and not self._hand_over()

    def _hand_over(self) -> bool:
        """Its turn is over. A lingerer steps down, wakes a successor and goes on lingering: True while
        it waits for the successor to listen. False: this worker leaves now."""
        if self._handing_over_until is None:
            if not self._lingering:
                return False
            marks.step_down(self.queue, self.worker)  # another worker may linger; this one still holds
            marks.hold(self.queue, self.worker, int(HAND_OVER_SECONDS * 1000) + marks.MARK_TTL_MS)
            self._held_at, self._lingering = time.monotonic(), False
            wakeup.send(self.queue)
            self._handing_over_until = time.monotonic() + HAND_OVER_SECONDS
        return self._handing_over()

    def _handing_over(self) -> bool:
        return (self._handing_over_until is not None and time.monotonic() < self._handing_over_until
                and not self.ear.replaced)

    def _linger(self) -> bool:
        """Wait for a poke as the queue's lingerer (or as one handing over); False when this worker
        should leave instead."""
        if not pokes.available() or self._others_wait() or self._turn_ends():
            return False
        if self._handing_over_until is not None:  # until the successor listens, or the hand-over ends
            if not self.ear.listening:
                return False
            return self.ear.wait(max(0.0, self._handing_over_until - time.monotonic()))
        seconds = max(0.0, min(settings.BEAT_LINGER_MS / 1000, self.deadline - time.monotonic()))
        if not (self._lingering and self._held_at is not None and time.monotonic() - self._held_at < RENEW_AFTER):
            self._lingering = marks.linger(self.queue, self.worker, int(seconds * 1000) + marks.MARK_TTL_MS)
            if not self._lingering:
                return False
            self._held_at = time.monotonic()
        if self.ear.listen():
            return True  # it has just started listening: claim once for tasks that committed before
        # no poke: it leaves, unless the wait ended with its turn and the hand-over has begun
        return self.ear.wait(seconds) or (self._turn_over() and self._hand_over())

    def _others_wait(self) -> bool:
        """Other wake-ups wait on the broker (maybe of other queues): then this worker hands its queue
        on after the batch rather than keep it, so queues take turns. Its own recruit, just sent, is
        not one of them."""
        asked, waiting = self._others
        now = time.monotonic()
        if now - self._recruited_at <= LOOK_AGAIN:
            return False
        if now - asked > LOOK_AGAIN:
            own = 1 if self._handing_over() else 0  # the successor's wake-up may still wait there
            waiting = wakeup.backlog() > own
            self._others = (now, waiting)
        return waiting

    def _hold(self) -> None:
        now = time.monotonic()
        if self._held_at is None or now - self._held_at > RENEW_AFTER:
            self._holders = marks.hold(self.queue, self.worker)
            self._held_at = now

    def _release(self) -> None:
        if self._held_at is not None:
            marks.release(self.queue, self.worker)
            self._held_at = None
            self._lingering = False
        self.ear.stop()

"""Which flows are quick enough to be claimed in batches, learnt by each worker from its own runs.

A batch's tasks run one after another in one worker, so only tasks that take a few milliseconds may
wait behind each other there: a task whose flow this worker has not seen run quickly is claimed as
the last of its batch (beat_claim_batch), never ahead of another. Each worker keeps a moving average
of its runs per flow; a flow is quick while that average is under BEAT_BATCH_QUICK_MS. A flow that
slows down (an upstream call where there was none) stops being batched after a run or two.
"""
from django.conf import settings

WEIGHT = 0.3  # of the newest run in the moving average


class FlowTimes:
    def __init__(self):
        self._mean: dict[str, float] = {}

    def ran(self, flow: str, seconds: float) -> None:
        before = self._mean.get(flow)
        self._mean[flow] = seconds if before is None else before + WEIGHT * (seconds - before)

    def quick(self) -> list[str]:
        limit = settings.BEAT_BATCH_QUICK_MS / 1000
        return sorted(flow for flow, mean in self._mean.items() if mean < limit)


times = FlowTimes()  # this worker process's

"""Retry delays: exponential with jitter, so retries of one outage do not arrive together."""
import random

from django.conf import settings


def retry_delay(attempt: int) -> float:
    """Seconds before retry number `attempt` (1-based): base * 2**(attempt-1), capped, equal jitter."""
    ceiling = min(settings.BEAT_RETRY_CAP, settings.BEAT_RETRY_BASE * 2 ** max(0, attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def rate_limit_delay(retry_after: float) -> float:
    """Wait what the limit said, plus up to 5 % of it (at most 2 s) so that tasks rescheduled by one
    spent budget come back spread out rather than together; the task starts at that retry_at."""
    wait = max(0.05, retry_after)
    return wait + random.uniform(0, min(2.0, wait * 0.05))

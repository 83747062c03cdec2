"""Retry delays: exponential with jitter, so retries of one outage do not arrive together."""
import random

from django.conf import settings


def retry_delay(attempt: int) -> float:
    """Seconds before retry number `attempt` (1-based): base * 2**(attempt-1), capped, equal jitter."""
    ceiling = min(settings.BEAT_RETRY_CAP, settings.BEAT_RETRY_BASE * 2 ** max(0, attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def rate_limit_delay(retry_after: float) -> float:
    """Wait what the limit said, plus a little jitter so rescheduled tasks do not stampede."""
    return max(0.5, retry_after) + random.uniform(0, min(5.0, max(0.5, retry_after) * 0.1))

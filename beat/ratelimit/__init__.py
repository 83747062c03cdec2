"""Beat's rate limiter: stacked limits, all pass or none is consumed, shared by every worker.

    stack = source_limits("rocketapi", credential_id=42)
    decision = acquire(stack)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after)
    ...  # the call, started `sent_ago` and answered `answer_ago` seconds ago
    answered(stack, decision, sent_ago=sent_ago, answer_ago=answer_ago)  # counts from the call, not the grant

With REDIS_URL the limits are shared by every process on every machine (redis_limiter); without it
they hold on one machine (local_limiter). acquire never raises for an unreachable store: it denies
with blocking_key "limiter-unavailable" (fails closed). Bad limits or costs raise ValueError.
"""
import os
import threading
from typing import Sequence

from django.conf import settings

from beat.ratelimit.base import UNAVAILABLE, Decision, Limit, Waiter
from beat.ratelimit.limits import profile_refresh_limits, source_limits
from beat.ratelimit.local_limiter import LocalLimiter
from beat.ratelimit.redis_limiter import RedisLimiter

__all__ = [
    "UNAVAILABLE", "Decision", "Limit", "LocalLimiter", "RedisLimiter", "Waiter",
    "acquire", "answered", "get_limiter", "leave", "profile_refresh_limits", "source_limits", "usage",
]

_lock = threading.Lock()
_current: tuple[tuple, RedisLimiter | LocalLimiter] | None = None


def acquire(limits: Sequence[Limit], cost: int = 1, waiter: Waiter | None = None, join: bool = True) -> Decision:
    """Takes `cost` from every limit of the stack if all of them have room, else takes nothing.
    A denied `waiter` joins the stack's line (priority, then first come; on Redis) and keeps its place
    while it asks again; with join=False it is only told when its turn would come."""
    return get_limiter().acquire(limits, cost, waiter, join)


def answered(limits: Sequence[Limit], decision: Decision, *, sent_ago: float, answer_ago: float,
             cost: int = 1) -> None:
    """The call granted by `decision` started `sent_ago` and had an answer `answer_ago` seconds ago
    (any HTTP answer: the upstream had the call by then). Each limit with a safety margin then
    counts the grant from the call: it leaves a period after the answer, or a period plus the margin
    after the start, whichever comes first. Never less safe than not calling it (the grant then
    counts from itself plus the margin): a call starts after its grant."""
    get_limiter().answered(limits, decision, sent_ago=sent_ago, answer_ago=answer_ago, cost=cost)


def leave(limits: Sequence[Limit], waiter: Waiter) -> None:
    """The waiter will not ask this stack again soon: its place goes to the next in line."""
    get_limiter().leave(limits, waiter)


def usage(limits: Sequence[Limit]) -> list[int | None]:
    """How much of each limit's window is used now, without taking anything (None: store unreachable)."""
    return get_limiter().usage(limits)


def get_limiter() -> RedisLimiter | LocalLimiter:
    """This process's limiter, made on first use and again after a fork or a settings change."""
    global _current
    retry = float(getattr(settings, "BEAT_RATE_LIMIT_UNAVAILABLE_RETRY", 5))
    # a waiter asks again at least this often (it waits in place at most that long), plus slack
    silence = float(getattr(settings, "BEAT_RATE_LIMIT_WAIT_IN_PLACE", 1.5)) + 1.0
    identity = (os.getpid(), settings.REDIS_URL, str(settings.VAR_DIR), retry, silence)
    current = _current
    if current is not None and current[0] == identity:
        return current[1]
    with _lock:
        if _current is None or _current[0] != identity:
            if settings.REDIS_URL:
                limiter = RedisLimiter(settings.REDIS_URL, unavailable_retry=retry, waiter_silence=silence)
            else:
                limiter = LocalLimiter(settings.VAR_DIR / "ratelimit.sqlite3", unavailable_retry=retry)
            _current = (identity, limiter)
        return _current[1]

"""Provider fallback: try a capability's providers in order until one answers.

A provider is skipped when it lacks the capability, has no usable credential, or Beat's own budget
for it is spent (beat.ratelimit; an unreachable limiter denies too, so nothing is sent). On an answer:
RateLimited cools that credential and moves on; AuthFailed puts the credential aside for a person and
tries one more credential of the same source; UpstreamError / BadResponse move on; NotFound and
Private are answers and stop the chain at once. `tried` tells the flow's result what happened where.

Budgets: a provider whose budget is spent is passed over for the next one that has budget, so two
sources of one capability serve a backlog at both rates. When every provider is waiting and the
soonest is due within BEAT_RATE_LIMIT_WAIT_IN_PLACE (and before the flow's deadline), the worker
sleeps until then and walks the chain again in order; a longer wait raises RateLimited, and the
runner reschedules the task at its retry_at (README "Rate limits: how waits are spent").
"""
import time
from dataclasses import dataclass, field
from typing import Callable, Generic, Sequence, TypeVar

from django.conf import settings

from beat.errors import (AuthFailed, BadResponse, NoProvider, NotFound, Private, RateLimited, TransportError,
                         UpstreamError)
from beat.providers import Provider
from beat.ratelimit import acquire, source_limits
from credentials import manager

T = TypeVar("T")
SAME_SOURCE_TRIES = 2  # after an AuthFailed, one more credential of that source


@dataclass
class FallbackResult(Generic[T]):
    value: T
    source: str
    tried: list[dict]
    credential_id: int | None = None


@dataclass
class _Chain:
    tried: list[dict] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)  # limits and cool-downs: come back after these
    transient: TransportError | None = None

    def note(self, source, outcome, reason="", credential_id=None, retry_after=None) -> None:
        entry = {"source": source, "outcome": outcome, "reason": reason[:300]}
        if credential_id is not None:
            entry["credential_id"] = credential_id
        if retry_after is not None:
            entry["retry_after"] = round(retry_after, 3)
            self.waits.append(retry_after)
        self.tried.append(entry)

    def failure(self, capability: str) -> TransportError:
        details = {"capability": capability, "tried": self.tried}
        if self.transient is not None:
            self.transient.details = {**(self.transient.details or {}), **details}
            return self.transient
        if self.waits:
            return RateLimited(f"every provider of {capability} is rate-limited or cooling down",
                               retry_after=min(self.waits), details=details)
        return NoProvider(f"no provider of {capability} has a usable credential", details=details)


def call_with_fallback(capability: str, providers: Sequence[type[Provider]], fn: Callable[[Provider], T], *,
                       ctx=None, handle: str | None = None) -> FallbackResult[T]:
    """fn(provider) -> value, with the first provider that can answer. `handle` names whose own
    credential to use for providers that need one for this capability (Graph insights, stories)."""
    while True:
        chain = _Chain()
        for cls in providers:
            check_deadline = getattr(ctx, "check_deadline", None)
            if callable(check_deadline):
                check_deadline()
            if not cls.supports(capability):
                chain.note(cls.source, "skipped", "lacks the capability")
                continue
            result = _try_source(cls, capability, fn, chain, ctx=ctx, handle=handle)
            if result is not None:
                return result
        failure = chain.failure(capability)
        wait = _wait_in_place(failure, ctx)
        if wait is None:
            raise failure
        time.sleep(wait)


def _wait_in_place(failure: Exception, ctx) -> float | None:
    """Seconds to sleep before walking the chain again, or None to hand the wait to the runner:
    only for a budget or cool-down due soon, and never past the flow's deadline."""
    if not isinstance(failure, RateLimited) or failure.retry_after > settings.BEAT_RATE_LIMIT_WAIT_IN_PLACE:
        return None
    wait = max(0.001, failure.retry_after)
    deadline = getattr(ctx, "deadline", None)
    if isinstance(deadline, (int, float)) and time.monotonic() + wait >= deadline - 0.5:
        return None
    return wait


def _try_source(cls, capability, fn, chain: _Chain, *, ctx, handle):
    own = capability in cls.own_credential_capabilities
    if own and not handle:
        chain.note(cls.source, "skipped", "needs the handle's own credential and no handle was given")
        return None
    excluded = []
    for _ in range(SAME_SOURCE_TRIES):
        try:
            lease = manager.pick(cls.source, handle=handle if own else None, exclude=excluded)
        except RateLimited as exc:  # its credentials are all cooling down
            chain.note(cls.source, "skipped", "every credential is cooling down", retry_after=exc.retry_after)
            return None
        except NoProvider:
            if not excluded:
                chain.note(cls.source, "skipped", "no usable credential")
            return None
        decision = acquire(source_limits(cls.source, lease.id))
        if not decision.allowed:
            chain.note(cls.source, "skipped", f"rate limit {decision.blocking_key}", lease.id, decision.retry_after)
            return None
        try:
            value = fn(cls(lease.secret, credential_id=lease.id, ctx=ctx))
        except RateLimited as exc:
            manager.cool_down(lease.id, exc.retry_after, exc.message)
            chain.note(cls.source, "rate_limited", exc.message, lease.id, exc.retry_after)
            return None
        except AuthFailed as exc:
            manager.needs_attention(lease.id, exc.message)
            chain.note(cls.source, "auth_failed", exc.message, lease.id)
            excluded.append(lease.id)
            continue
        except (NotFound, Private) as exc:
            manager.record_success(lease.id)  # the credential worked: the answer is about the entity
            chain.note(cls.source, exc.code, exc.message, lease.id)
            exc.details = {**(exc.details or {}), "source": cls.source, "tried": chain.tried}
            raise
        except (UpstreamError, BadResponse) as exc:
            manager.record_error(lease.id)
            chain.note(cls.source, "failed", exc.message, lease.id)
            chain.transient = exc
            return None
        manager.record_success(lease.id)
        chain.note(cls.source, "answered", "", lease.id)
        return FallbackResult(value=value, source=cls.source, tried=chain.tried, credential_id=lease.id)
    return None

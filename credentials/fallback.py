"""Provider fallback: try the providers of an operation (what a flow asks for) in order until one
answers.

A provider is skipped when it does not support the operation, has no usable credential, or Beat's own budget
for it is spent (beat.ratelimit; an unreachable limiter denies too, so nothing is sent). On an answer:
RateLimited cools that credential and moves on; AuthFailed puts the credential aside for a person and
tries one more credential of the same source; UpstreamError / BadResponse move on; NotFound and
Private are answers and stop the chain at once. `tried` tells the flow's result what happened where.

Budgets: a provider whose budget is spent is passed over for the next one that has budget, so two
sources of one capability serve a backlog at both rates. When every provider is waiting and the
soonest is due within BEAT_RATE_LIMIT_WAIT_IN_PLACE (and before the flow's deadline), the worker
sleeps until then and walks the chain again in order; a longer wait raises RateLimited, and the
runner reschedules the task at its retry_at (README "Rate limits: how waits are spent"). The walk
only asks each spent budget when the call's turn would come; the call then joins one line, the one
whose turn comes first (beat.ratelimit.Waiter: the task's priority, then first come), so every line
tells its waiters true turns, and leaves it once it is served or stops waiting. A call that had an
answer reports its start and answer to the limiter (beat.ratelimit.answered), so its grant counts
from the call rather than from the grant plus the whole safety margin.
"""
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Generic, Sequence, TypeVar

from django.conf import settings

from beat.errors import (AuthFailed, BadResponse, NoProvider, NotFound, Private, RateLimited, TransportError,
                         UpstreamError)
from accounts.quotas import upstream_call_limits
from beat.http import last_answer
from beat.providers import Provider
from beat.ratelimit import Decision, Waiter, acquire, answered, leave, source_limits
from credentials import manager

T = TypeVar("T")
SAME_SOURCE_TRIES = 2  # after an AuthFailed, one more credential of that source
EARLY = 0.003  # a waiter wakes this much before its turn and asks until it is granted
TURN_SLACK = 0.1  # ...for at most this long past its turn, then walks the chain again
MOMENT = 0.05  # a provider whose grant is due within this is waited for, not passed over


@dataclass
class FallbackResult(Generic[T]):
    value: T
    source: str
    tried: list[dict]
    credential_id: int | None = None


@dataclass
class _Turn:
    """A spent budget this call waits in line for: when its turn comes, and with what to call."""

    retry_after: float
    cls: type
    lease: object
    stack: list


@dataclass
class _Chain:
    waiter: Waiter
    queued: list = field(default_factory=list)  # the line this call stands in (one stack at most)
    turn: _Turn | None = None  # the spent budget whose turn comes first
    tried: list[dict] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)  # limits and cool-downs: come back after these
    transient: TransportError | None = None

    def again(self) -> "_Chain":
        """The next walk of the chain, after a wait: it keeps what this one asked of upstreams (a refusal
        must still be named if nothing answers), not what it passed over."""
        return _Chain(self.waiter, self.queued, tried=[t for t in self.tried if t["outcome"] != "skipped"])

    def consider(self, turn: _Turn) -> None:
        if self.turn is None or turn.retry_after < self.turn.retry_after:
            self.turn = turn

    def join(self, stack) -> Decision:
        """Stand in the line of `stack` only: a line tells its waiters true turns only if nobody
        ahead is served elsewhere instead. Asks at once (a grant may have come back meanwhile)."""
        self.served(stack)
        decision = acquire(stack, waiter=self.waiter)
        if not decision.allowed:
            self.queued.append(stack)
        return decision

    def served(self, stack) -> None:
        """Granted on `stack` (which took the call out of its line), or about to join it: leave any
        other line now, so the call stands ahead of nobody in another provider's budget."""
        for other in [q for q in self.queued if q != stack]:
            leave(other, self.waiter)
        self.queued.clear()

    def note(self, source, outcome, reason="", credential_id=None, retry_after=None) -> None:
        entry = {"source": source, "outcome": outcome, "reason": reason[:300]}
        if credential_id is not None:
            entry["credential_id"] = credential_id
        if retry_after is not None:
            entry["retry_after"] = round(retry_after, 3)
            self.waits.append(retry_after)
        self.tried.append(entry)

    def failure(self, operation: str) -> TransportError:
        details = {"capability": operation, "tried": self.tried}
        if self.transient is not None:
            self.transient.details = {**(self.transient.details or {}), **details}
            return self.transient
        if self.waits:
            return RateLimited(f"every provider of {operation} is rate-limited or cooling down",
                               retry_after=min(self.waits), details=details)
        return NoProvider(f"no provider of {operation} has a usable credential", details=details)


def call_with_fallback(operation: str, providers: Sequence[type[Provider]], fn: Callable[[Provider], T], *,
                       ctx=None, handle: str | None = None) -> FallbackResult[T]:
    """fn(provider) -> value, with the first provider that can answer. `handle` names whose own
    credential to use for providers that need one for this operation (Graph insights, stories)."""
    waiter = Waiter(secrets.token_hex(8), getattr(ctx, "priority", 1))
    queued: list = []
    chain = None
    try:
        while True:
            chain = chain.again() if chain else _Chain(waiter, queued)
            result = _walk(chain, operation, providers, fn, ctx=ctx, handle=handle)
            if result is not None:
                return result
            failure = chain.failure(operation)
            wait = _wait_in_place(failure, ctx)
            if wait is None:
                raise failure
            turn = chain.turn
            if turn is None or turn.retry_after > wait:  # the soonest is a credential's cool-down
                time.sleep(wait)
                continue
            result = _at_its_turn(turn, chain, fn, ctx)
            if result is not None:
                return result
            if chain.transient is not None:
                raise chain.failure(operation)
    finally:
        for stack in queued:
            leave(stack, waiter)


def _walk(chain: "_Chain", operation, providers, fn, *, ctx, handle):
    for cls in providers:
        check_deadline = getattr(ctx, "check_deadline", None)
        if callable(check_deadline):
            check_deadline()
        if not cls.supports(operation):
            chain.note(cls.source, "skipped", "lacks the capability")
            continue
        result = _try_source(cls, operation, fn, chain, ctx=ctx, handle=handle)
        if result is not None:
            return result
    return None


def _at_its_turn(turn: "_Turn", chain: "_Chain", fn, ctx):
    """Join the line of the budget whose turn comes first, and ask it again at that turn with the
    credential just picked, without walking the chain: every millisecond between a grant coming back
    and the next call is budget lost. Wakes a little early and asks until granted, or returns None
    to walk the chain again."""
    decision = chain.join(turn.stack)
    due = time.monotonic() + decision.retry_after
    while not decision.allowed:
        if time.monotonic() + decision.retry_after > due + TURN_SLACK:
            return None  # someone else's turn after all
        time.sleep(max(0.001, decision.retry_after - EARLY))
        decision = acquire(turn.stack, waiter=chain.waiter)
    chain.served(turn.stack)
    outcome = _call(turn.cls, turn.lease, fn, chain, ctx, (turn.stack, decision))
    return outcome if isinstance(outcome, FallbackResult) else None


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


def _try_source(cls, operation, fn, chain: _Chain, *, ctx, handle):
    own = operation in cls.own_credential_operations
    if own and not handle:
        chain.note(cls.source, "skipped", "needs the handle's own credential and no handle was given")
        return None
    excluded = []
    for _ in range(SAME_SOURCE_TRIES):
        try:
            lease = manager.pick(cls.source, handle=handle if own else None, exclude=excluded,
                                 account_id=getattr(ctx, "account_id", None))
        except RateLimited as exc:  # its credentials are all cooling down
            chain.note(cls.source, "skipped", "every credential is cooling down", retry_after=exc.retry_after)
            return None
        except NoProvider:
            if not excluded:
                chain.note(cls.source, "skipped", "no usable credential")
            return None
        account_id = getattr(ctx, "account_id", None)
        budget = upstream_call_limits(account_id, getattr(ctx, "notes", None)) if account_id is not None else []
        stack = source_limits(cls.source, lease.id) + budget
        decision = acquire(stack, waiter=chain.waiter, join=False)  # a probe: the line is joined later
        for _ in range(3):  # a grant due in a moment (the budget's spacing): this provider still comes first
            if decision.allowed or decision.retry_after > MOMENT:
                break
            time.sleep(decision.retry_after)
            decision = acquire(stack, waiter=chain.waiter, join=False)
        if not decision.allowed:
            chain.consider(_Turn(decision.retry_after, cls, lease, stack))
            chain.note(cls.source, "skipped", f"rate limit {decision.blocking_key}", lease.id, decision.retry_after)
            return None
        chain.served(stack)
        outcome = _call(cls, lease, fn, chain, ctx, (stack, decision))
        if outcome is not ANOTHER_CREDENTIAL:
            return outcome
        excluded.append(lease.id)
    return None


ANOTHER_CREDENTIAL = object()


def _call(cls, lease, fn, chain: _Chain, ctx, granted: tuple[list, Decision]):
    """The upstream call, once granted: a FallbackResult, None (go on to the next provider), or
    ANOTHER_CREDENTIAL (this one was refused: try one more of the same source)."""
    try:
        value = _answered(fn, cls(lease.secret, credential_id=lease.id, ctx=ctx), *granted)
    except RateLimited as exc:
        manager.cool_down(lease.id, exc.retry_after, exc.message)
        chain.note(cls.source, "rate_limited", exc.message, lease.id, exc.retry_after)
        return None
    except AuthFailed as exc:
        manager.needs_attention(lease.id, exc.message)
        chain.note(cls.source, "auth_failed", exc.message, lease.id)
        return ANOTHER_CREDENTIAL
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


def _answered(fn, provider, stack, decision: Decision):
    """fn(provider), its grant counted from the call (see counted_from_the_call)."""
    with counted_from_the_call(stack, decision):
        return fn(provider)


@contextmanager
def counted_from_the_call(stack, decision: Decision):
    """Around the upstream call a grant of `stack` allowed: if the call had an answer, the grant counts
    from that call (beat.ratelimit.answered): from its start plus the margin, or from its answer when
    sooner, so a quick upstream costs no margin and a worker slow to start the call costs no call
    above the window. A call that got no answer (timeout, refused connection) may still be on its way:
    its grant keeps counting from itself plus the margin. Every granted call of Beat goes through
    this, in the fallback or beside it (credential validation, the environment's OpenAI key)."""
    started = time.monotonic()
    try:
        yield
    finally:
        call = last_answer()
        if decision.allowed and call is not None and call.sent >= started:
            now = time.monotonic()
            answered(stack, decision, sent_ago=now - call.sent, answer_ago=now - call.answered)

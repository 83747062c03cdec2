"""Write one UpstreamCall row per call, without ever breaking the call.

The insert runs in its own savepoint: if it fails inside a caller's transaction, only the
savepoint rolls back and the caller's work goes on. A plain insert, so it commits or rolls back
with the caller's transaction like any of its rows (flows make no calls inside one).

Every call ends here, so this is also where a thread's latest call is timed (last_answer): the
limiter counts a grant from its call's start and answer (credentials.fallback).
"""
import logging
import time
from contextvars import ContextVar
from typing import NamedTuple

from django.db import transaction

logger = logging.getLogger(__name__)


class CallTimes(NamedTuple):
    """When a call started and when its answer came back (time.monotonic())."""

    sent: float
    answered: float


_last_answer: ContextVar[CallTimes | None] = ContextVar("beat_http_last_answer", default=None)


def last_answer() -> CallTimes | None:
    """This thread's latest upstream call, timed before its row is written; None when that call got no
    answer (a timeout, a refused connection: it may still be on its way to the upstream)."""
    return _last_answer.get()


def record_call(*, source, method, endpoint, status, error, latency_ms, credential_id=None, ctx=None,
                cost=None) -> None:
    now = time.monotonic()
    _last_answer.set(CallTimes(now - latency_ms / 1000, now) if status is not None else None)
    from beat.models_upstream import UpstreamCall  # the client is importable before apps are ready

    details = getattr(error, "details", None)
    upstream_code = details.get("upstream_code", "") if isinstance(details, dict) else ""
    try:
        with transaction.atomic():
            UpstreamCall.objects.create(
                source=source[:50],
                credential_id=credential_id,
                endpoint=endpoint[:300],
                method=method[:10],
                status_code=status,
                ok=error is None,
                error_code=(getattr(error, "code", None) or type(error).__name__)[:40] if error else "",
                upstream_code=str(upstream_code)[:60],
                latency_ms=max(0, int(latency_ms)),
                cost=cost,
                task_id=_int(getattr(ctx, "task_id", None)),
                account_id=_int(getattr(ctx, "account_id", None)),
            )
    except Exception as exc:  # noqa: BLE001 - a log row is never worth a failed call
        logger.warning("could not record upstream call %s %s %s: %s", source, method, endpoint, type(exc).__name__)


def _int(value):
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None

"""What every error family works from (an Answer) and how it builds Beat's errors from it."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from beat.errors import (AuthFailed, BadResponse, NotFound, RateLimited, TransportError, UpstreamError,
                         UpstreamRejected)
from beat.http.redact import redact
from beat.http.waits import retry_after

DEFAULT_WAIT = 60.0  # seconds, when a 429 says nothing about how long
MESSAGE_LIMIT = 300


@dataclass
class Answer:
    """One upstream response, decoded: body is the JSON value, or None when it was not JSON."""

    source: str
    method: str
    endpoint: str
    status: int
    headers: Mapping
    body: Any = None
    secrets: set = field(default_factory=set)


def fail(cls: type[TransportError], answer: Answer, message: str = "", *, upstream_code="", reason="",
         permanent: bool | None = None, **kwargs) -> TransportError:
    """A Beat error naming the call (never its URL query or credential) and the upstream's words."""
    text = f"{answer.source} {answer.method} {answer.endpoint}: HTTP {answer.status}"
    if message:
        text += f": {str(message)[:MESSAGE_LIMIT]}"
    details = {"status": answer.status, "endpoint": answer.endpoint}
    if upstream_code not in ("", None):
        details["upstream_code"] = str(upstream_code)
    if reason:
        details["reason"] = reason
    error = cls(redact(text, answer.secrets), source=answer.source, status=answer.status, details=details, **kwargs)
    if permanent is not None:
        error.permanent = permanent
    return error


def rejected(answer: Answer, message: str = "", **kwargs) -> TransportError:
    """The upstream refused this request itself (bad parameter, retired endpoint): asking again,
    or another credential, gives the same answer, so it is permanent."""
    return fail(UpstreamRejected, answer, message, **kwargs)


def message_of(body) -> str:
    """The human text of the usual error shapes: message, error(.message), detail, errors."""
    if not isinstance(body, dict):
        return ""
    for key in ("message", "error", "detail", "errors", "error_description"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message") or value
        if value:
            return value if isinstance(value, str) else str(value)
    return ""


def by_status(answer: Answer, message: str = "", upstream_code="", wait: float | None = None) -> TransportError | None:
    """The HTTP status alone decides; every family ends here for what it does not know better."""
    status = answer.status
    if 200 <= status < 300:
        return None
    if status == 429:
        seconds = wait if wait is not None else retry_after(answer.headers)
        return fail(RateLimited, answer, message, upstream_code=upstream_code,
                    retry_after=DEFAULT_WAIT if seconds is None else seconds)
    if status in (401, 403):
        return fail(AuthFailed, answer, message, upstream_code=upstream_code)
    if status in (404, 410):
        return fail(NotFound, answer, message, upstream_code=upstream_code)
    if status in (408, 425) or status >= 500:
        return fail(UpstreamError, answer, message, upstream_code=upstream_code)
    if 400 <= status < 500:
        return rejected(answer, message, upstream_code=upstream_code)
    return fail(BadResponse, answer, message or "unexpected status", upstream_code=upstream_code)

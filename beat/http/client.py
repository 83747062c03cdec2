"""The one HTTP client for every upstream call (Zulip's OutgoingSession, hc's lib/curl).

call() sends the request through one requests.Session per process, applies the source's error
family, records the call in UpstreamCall and returns the decoded JSON, or raises a beat.errors
TransportError. It never retries: the queue does, with backoff, and only for transient errors.
"""
import json as jsonlib
import logging
import os
import threading
import time

import requests
from django.conf import settings

from beat.errors import BadResponse, Misconfigured, TransportError, UpstreamError
from beat.http.families import Answer, family
from beat.http.record import record_call
from beat.http.redact import PLAIN_HEADERS, endpoint_of, redact, secret_values

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_session: requests.Session | None = None
_session_pid: int | None = None


class _Session(requests.Session):
    """requests drops only Authorization on a redirect to another host; credentials also travel
    as X-RapidAPI-Key, x-access-key, X-Shopify-Access-Token...: drop every header that may hold one."""

    def rebuild_auth(self, prepared_request, response):
        super().rebuild_auth(prepared_request, response)
        if self.should_strip_auth(response.request.url, prepared_request.url):
            for name in [n for n in prepared_request.headers if n.lower() not in PLAIN_HEADERS]:
                del prepared_request.headers[name]


def session() -> requests.Session:
    """This process's session; a forked worker makes its own (pooled sockets must not be shared)."""
    global _session, _session_pid
    with _lock:
        if _session is None or _session_pid != os.getpid():
            _session = _Session()
            _session_pid = os.getpid()
        return _session


def call(method: str, url: str, *, source: str, params=None, json=None, data=None, headers=None, timeout=None,
         credential_id: int | None = None, ctx=None, endpoint: str | None = None, error_family: str = "generic",
         expect: type | tuple[type, ...] = (dict, list), cost: int | None = None):
    """Send one request and return its decoded JSON (None for 204), or raise a TransportError.

    endpoint: what UpstreamCall stores (default: the URL's path, never its query).
    expect: the JSON container a success must be, else BadResponse.
    cost: the units of the upstream's quota this call spends (a failed call is charged too, as Google does).
    """
    classify = family(error_family)
    method = method.upper()
    endpoint = endpoint or endpoint_of(url)
    secrets = secret_values(headers, params, json if isinstance(json, dict) else data)
    status, error = None, None
    started = time.monotonic()
    try:
        response = _send(source, method, url, endpoint, secrets, params=params, json=json, data=data,
                         headers={"User-Agent": settings.BEAT_HTTP_USER_AGENT, **(headers or {})},
                         timeout=_timeout(timeout, ctx))
        status = response.status_code
        answer = Answer(source, method, endpoint, status, response.headers, _decode(response), secrets)
        error = classify(answer)
        if error is not None:
            raise error
        return _expected(answer, response, expect)
    except Exception as exc:
        error = exc
        raise
    finally:
        latency_ms = (time.monotonic() - started) * 1000
        if error is not None:
            logger.info("upstream %s %s %s -> %s %s (%d ms)", source, method, endpoint, status or "-",
                        getattr(error, "code", type(error).__name__), latency_ms)
        record_call(source=source, method=method, endpoint=endpoint, status=status, error=error,
                    latency_ms=latency_ms, credential_id=credential_id, ctx=ctx, cost=cost)


def status_of(url: str, *, source: str, ctx=None, endpoint: str | None = None,
              error_family: str = "generic") -> int:
    """The status a page answers to HEAD, its redirects not followed (does it exist here, or does it
    send elsewhere?). 2xx and 3xx are answers; the rest raise as call() does. Recorded like any call."""
    classify = family(error_family)
    endpoint = endpoint or endpoint_of(url)
    status, error = None, None
    started = time.monotonic()
    try:
        response = _send(source, "HEAD", url, endpoint, set(), allow_redirects=False, timeout=_timeout(None, ctx),
                         headers={"User-Agent": settings.BEAT_HTTP_USER_AGENT})
        status = response.status_code
        if status >= 400:
            error = classify(Answer(source, "HEAD", endpoint, status, response.headers, None, set()))
            if error is not None:
                raise error
        return status
    except Exception as exc:
        error = exc
        raise
    finally:
        record_call(source=source, method="HEAD", endpoint=endpoint, status=status, error=error,
                    latency_ms=(time.monotonic() - started) * 1000, ctx=ctx)


def _send(source, method, url, endpoint, secrets, **kwargs) -> requests.Response:
    """requests' own messages carry the full URL (and so any key in it): they never leave here."""
    where = f"{source} {method} {endpoint}"
    try:
        return session().request(method, url, **kwargs)
    except requests.Timeout:
        problem = "timed out"
    except requests.ConnectionError:
        problem = "connection failed"
    except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL):
        raise Misconfigured(redact(f"{where}: not a valid upstream URL", secrets)) from None
    except requests.RequestException as exc:
        problem = f"request failed ({type(exc).__name__})"
    raise UpstreamError(redact(f"{where}: {problem}", secrets), source=source,
                        details={"endpoint": endpoint, "reason": problem}) from None


def _decode(response: requests.Response):
    if not response.content:
        return None
    try:
        return jsonlib.loads(response.content)
    except ValueError:
        return None


def _expected(answer: Answer, response: requests.Response, expect):
    if response.status_code == 204:
        return None
    if answer.body is None and response.content.strip() not in (b"null",):
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise _bad(answer, f"not JSON ({kind}, {len(response.content)} bytes)")
    if not isinstance(answer.body, expect):
        raise _bad(answer, f"JSON {type(answer.body).__name__} where {_names(expect)} was expected")
    return answer.body


def _bad(answer: Answer, problem: str) -> TransportError:
    return BadResponse(f"{answer.source} {answer.method} {answer.endpoint}: HTTP {answer.status}: {problem}",
                       source=answer.source, status=answer.status,
                       details={"status": answer.status, "endpoint": answer.endpoint})


def _names(expect) -> str:
    kinds = expect if isinstance(expect, tuple) else (expect,)
    return " or ".join(kind.__name__ for kind in kinds)


def _timeout(timeout, ctx) -> tuple[float, float]:
    """(connect, read) seconds; a flow's remaining time caps the read timeout."""
    if isinstance(timeout, tuple):
        connect, read = timeout
    else:
        connect, read = settings.BEAT_HTTP_CONNECT_TIMEOUT, timeout or settings.BEAT_HTTP_READ_TIMEOUT
    seconds_left = getattr(ctx, "seconds_left", None)
    left = seconds_left() if callable(seconds_left) else None
    if left is not None:
        read = max(1.0, min(read, left))
    return connect, read

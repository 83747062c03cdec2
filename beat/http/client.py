"""The one HTTP client for every upstream call (Zulip's OutgoingSession, hc's lib/curl).

call() sends the request through one requests.Session per process, applies the source's error
family, records the call in UpstreamCall and returns the decoded JSON, or raises a beat.errors
TransportError. exchange() does the same and also returns the answer's headers, for upstreams that
page or meter through them (Shopify's Link and X-Shopify-Shop-Api-Call-Limit). Neither retries: the
queue does, with backoff, and only for transient errors.

What an upstream (or whoever answers in its place) may not do to Beat: redirect it to another host
(redirects are followed on the same scheme, host and port only, a few at most), send an answer
larger than BEAT_HTTP_MAX_RESPONSE_BYTES, or nest its JSON deeper than BEAT_HTTP_MAX_JSON_DEPTH:
each is a BadResponse, never a crash or a RecursionError.
"""
import json as jsonlib
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

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


MAX_REDIRECTS = 3
_CHUNK = 64 * 1024


class OffHostRedirect(requests.RequestException):
    """An answer redirected to another scheme, host or port: not followed."""


def _origin(url: str) -> tuple:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


class _Session(requests.Session):
    """Redirects are followed only on the request's own origin: a credential (Authorization,
    X-RapidAPI-Key, x-access-key, X-Shopify-Access-Token, an access_token in the query) never
    travels to a host it was not meant for, and no upstream can point Beat at an internal address."""

    def __init__(self):
        super().__init__()
        self.max_redirects = MAX_REDIRECTS

    def get_redirect_target(self, response):
        target = super().get_redirect_target(response)
        if target and _origin(urljoin(response.url, target)) != _origin(response.url):
            raise OffHostRedirect("redirected to another host")
        return target


def session() -> requests.Session:
    """This process's session; a forked worker makes its own (pooled sockets must not be shared)."""
    global _session, _session_pid
    with _lock:
        if _session is None or _session_pid != os.getpid():
            _session = _Session()
            _session_pid = os.getpid()
        return _session


@dataclass(frozen=True)
class Reply:
    """A successful answer: its decoded JSON and its headers (case-insensitive names)."""

    status: int
    headers: Mapping
    body: Any


def call(method: str, url: str, **kwargs):
    """Send one request and return its decoded JSON (None for 204), or raise a TransportError.
    The keyword arguments are exchange()'s."""
    return exchange(method, url, **kwargs).body


def exchange(method: str, url: str, *, source: str, params=None, json=None, data=None, headers=None, timeout=None,
             credential_id: int | None = None, ctx=None, endpoint: str | None = None, error_family: str = "generic",
             expect: type | tuple[type, ...] = (dict, list), cost: int | None = None) -> Reply:
    """Send one request and return its Reply, or raise a TransportError.

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
                         timeout=timeouts(timeout, ctx))
        status = response.status_code
        answer = Answer(source, method, endpoint, status, response.headers, None, secrets)
        _read_capped(response, answer)
        answer.body = _decode(response, answer)
        error = classify(answer)
        if error is not None:
            raise error
        return Reply(status, response.headers, _expected(answer, response, expect))
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
    send elsewhere?). 2xx and 3xx are answers; the rest raise as exchange() does. Recorded like any call."""
    classify = family(error_family)
    endpoint = endpoint or endpoint_of(url)
    status, error = None, None
    started = time.monotonic()
    try:
        response = _send(source, "HEAD", url, endpoint, set(), allow_redirects=False, timeout=timeouts(None, ctx),
                         headers={"User-Agent": settings.BEAT_HTTP_USER_AGENT})
        response.close()  # streamed: nothing to read from a HEAD, the socket goes back to the pool
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
        return session().request(method, url, stream=True, **kwargs)
    except OffHostRedirect:
        raise BadResponse(f"{where}: redirected to another host; not followed", source=source,
                          details={"endpoint": endpoint, "reason": "off-host redirect"}) from None
    except requests.TooManyRedirects:
        raise BadResponse(f"{where}: more than {MAX_REDIRECTS} redirects", source=source,
                          details={"endpoint": endpoint, "reason": "too many redirects"}) from None
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


def _read_capped(response: requests.Response, answer: Answer) -> None:
    """Read the body (streamed) up to the byte cap; past it the connection is dropped, BadResponse."""
    cap = settings.BEAT_HTTP_MAX_RESPONSE_BYTES
    declared = response.headers.get("Content-Length", "")
    too_big = declared.isdigit() and int(declared) > cap
    chunks, size = [], 0
    try:
        if not too_big:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > cap:
                    too_big = True
                    break
                chunks.append(chunk)
    except requests.RequestException:
        response.close()
        raise UpstreamError(f"{answer.source} {answer.method} {answer.endpoint}: the answer broke off",
                            source=answer.source, details={"endpoint": answer.endpoint}) from None
    if too_big:
        response.close()
        raise _bad(answer, f"answer larger than {cap} bytes (BEAT_HTTP_MAX_RESPONSE_BYTES)")
    response._content = b"".join(chunks)  # what response.content would have read, capped
    response._content_consumed = True


def _decode(response: requests.Response, answer: Answer):
    """The JSON value; None when the body is not JSON (the caller decides); BadResponse when it is
    nested deeper than BEAT_HTTP_MAX_JSON_DEPTH (no parser needs that, and recursion would crash)."""
    if not response.content:
        return None
    try:
        value = jsonlib.loads(response.content)
    except ValueError:
        return None
    except RecursionError:
        raise _bad(answer, "JSON nested too deeply") from None
    if depth_over(value, settings.BEAT_HTTP_MAX_JSON_DEPTH):
        raise _bad(answer, f"JSON nested deeper than {settings.BEAT_HTTP_MAX_JSON_DEPTH} levels")
    return value


def depth_over(value, limit: int) -> bool:
    """Is any container more than `limit` levels deep? Iterative: a deep value cannot overflow it."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False


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


def timeouts(timeout, ctx) -> tuple[float, float]:
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

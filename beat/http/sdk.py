"""The seam for SDKs that bring their own HTTP stack (the openai package sends through httpx2).

Such an SDK gets an httpx2 client whose transport is Beat's: every request it sends is recorded as an
UpstreamCall, its answer is read within beat.http.call's limits (size, JSON depth, no redirect) and
classified by the source's error family, and a failure is raised as the beat.errors TransportError
that beat.http.call would raise (RateLimited, AuthFailed, ...), never as the SDK's own exception type.
Credentials, the queue and fallback then treat it like any other call, and the SDK never retries (the
family has decided before it sees the answer).
"""
import json
import os
import threading
import time

import httpx2
from django.conf import settings

from beat.errors import BadResponse, UpstreamError
from beat.http.client import depth_over, timeouts
from beat.http.families import Answer, family
from beat.http.record import record_call
from beat.http.redact import endpoint_of, redact

_lock = threading.Lock()
_pool: tuple[int, httpx2.HTTPTransport] | None = None


def _shared_pool() -> httpx2.HTTPTransport:
    """This process's connection pool; a forked worker makes its own (sockets must not be shared)."""
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), httpx2.HTTPTransport())
        return _pool[1]


class RecordingTransport(httpx2.BaseTransport):
    """Sends through the shared pool; records, classifies and raises like beat.http.call."""

    def __init__(self, *, source: str, error_family: str, secrets=(), credential_id=None, ctx=None):
        self.source = source
        self.classify = family(error_family)
        self.secrets = {secret for secret in secrets if secret}
        self.credential_id = credential_id
        self.ctx = ctx

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        check_deadline = getattr(self.ctx, "check_deadline", None)
        if callable(check_deadline):
            check_deadline()
        method, endpoint = request.method, endpoint_of(str(request.url))
        status, error = None, None
        started = time.monotonic()
        try:
            response = self._send(request, method, endpoint)
            status = response.status_code
            answer = Answer(self.source, method, endpoint, status, response.headers, None, self.secrets)
            self._read_capped(response, answer)
            answer.body = self._json(response.content, answer)
            error = self.classify(answer)
            if error is not None:
                raise error
            return response
        except Exception as exc:
            error = exc
            raise
        finally:
            record_call(source=self.source, method=method, endpoint=endpoint, status=status, error=error,
                        latency_ms=(time.monotonic() - started) * 1000, credential_id=self.credential_id,
                        ctx=self.ctx)

    def _send(self, request, method, endpoint) -> httpx2.Response:
        # httpx2's messages may carry the URL (an Azure key can sit in a query): they never leave here
        try:
            return _shared_pool().handle_request(request)
        except httpx2.TimeoutException:
            problem = "timed out"
        except httpx2.TransportError as exc:
            problem = f"connection failed ({type(exc).__name__})"
        where = redact(f"{self.source} {method} {endpoint}", self.secrets)
        raise UpstreamError(f"{where}: {problem}", source=self.source,
                            details={"endpoint": endpoint, "reason": problem}) from None

    def _read_capped(self, response: httpx2.Response, answer: Answer) -> None:
        """The body up to BEAT_HTTP_MAX_RESPONSE_BYTES, as beat.http.call reads it; past it, BadResponse."""
        cap = settings.BEAT_HTTP_MAX_RESPONSE_BYTES
        declared = response.headers.get("content-length", "")
        chunks, size = [], 0
        try:
            if not (declared.isdigit() and int(declared) > cap):
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        break
                    chunks.append(chunk)
        except httpx2.HTTPError:
            response.close()
            raise UpstreamError(f"{self._where(answer)}: the answer broke off", source=self.source,
                                details={"endpoint": answer.endpoint}) from None
        if size > cap or (declared.isdigit() and int(declared) > cap):
            response.close()
            raise self._bad(answer, f"answer larger than {cap} bytes (BEAT_HTTP_MAX_RESPONSE_BYTES)")
        response._content = b"".join(chunks)  # what response.read() would keep, capped
        response.close()

    def _json(self, content: bytes, answer: Answer):
        try:
            value = json.loads(content) if content else None
        except ValueError:
            return None
        except RecursionError:
            raise self._bad(answer, "JSON nested too deeply") from None
        if depth_over(value, settings.BEAT_HTTP_MAX_JSON_DEPTH):
            raise self._bad(answer, f"JSON nested deeper than {settings.BEAT_HTTP_MAX_JSON_DEPTH} levels")
        return value

    def _where(self, answer: Answer) -> str:
        return f"{answer.source} {answer.method} {answer.endpoint}"

    def _bad(self, answer: Answer, problem: str) -> BadResponse:
        return BadResponse(f"{self._where(answer)}: HTTP {answer.status}: {problem}", source=self.source,
                           status=answer.status, details={"status": answer.status, "endpoint": answer.endpoint})

    def close(self) -> None:
        """The pool outlives each SDK client: closing one client must not close it for the others."""


def recording_client(*, source: str, error_family: str, secrets=(), credential_id=None, ctx=None,
                     timeout=None) -> httpx2.Client:
    """An httpx2 client for an SDK (its `http_client=`), on Beat's timeouts (a flow's time left caps
    the read timeout). Redirects are not followed: a credential header never travels to another host."""
    connect, read = timeouts(timeout, ctx)
    transport = RecordingTransport(source=source, error_family=error_family, secrets=secrets,
                                   credential_id=credential_id, ctx=ctx)
    return httpx2.Client(transport=transport, timeout=httpx2.Timeout(read, connect=connect), follow_redirects=False,
                         headers={"User-Agent": settings.BEAT_HTTP_USER_AGENT})


"""Fetching URLs that Beat did not choose (a CDN link in a task's params, a webhook target), safe
against SSRF: http and https only; the host is resolved here and every address it resolves to must be
public (no loopback, private, link-local and metadata, shared, multicast or reserved range), checked
before any connection is opened; the connection then goes to the address that was checked (no second
lookup that DNS could answer differently), with the host name kept for TLS and the Host header; each
redirect is checked the same way. A size cap and a content-type allow list bound what is read.

BEAT_FETCH_ALLOWED_HOSTS lists host:port pairs exempt from the address check: a local test server, or
a private CDN mirror an operator trusts. The upstream client (beat.http.client) is for the upstream
APIs, whose base URLs are settings; this is for URLs that arrive as data.
"""
import hashlib
import ipaddress
import socket
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

from beat.errors import UnacceptableContent, UnsafeURL, UpstreamError
from beat.http.record import record_call

MAX_REDIRECTS = 3
_CHUNK = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]  # the checked addresses, tried in order (an IPv6 one may be unreachable)
    path: str  # path and query


@dataclass
class Fetched:
    status: int
    content_type: str
    size: int
    sha256: str
    file: tempfile.SpooledTemporaryFile  # the body, rewound
    url: str  # after redirects

    def read(self) -> bytes:
        self.file.seek(0)
        return self.file.read()


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check(url: str) -> Target:
    """The target of `url` once it passed every check; UnsafeURL otherwise. Resolves the host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL("not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise UnsafeURL(f"only http and https URLs are fetched, not {scheme or 'a relative URL'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURL("URLs with credentials are not fetched")
    port = port or _DEFAULT_PORTS[scheme]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UpstreamError(f"{host}: the name does not resolve", source="fetch") from None
    addresses = [info[4][0] for info in infos]
    if f"{host}:{port}" not in settings.BEAT_FETCH_ALLOWED_HOSTS:
        for address in addresses:
            if not is_public(address):
                raise UnsafeURL(f"{host} resolves to an address that is not public; not fetched",
                                details={"host": host})
    return Target(scheme, host, port, tuple(dict.fromkeys(addresses)), path)


def fetch(url: str, *, source: str, method: str = "GET", body: bytes | None = None, headers=None,
          max_bytes: int, content_types: tuple[str, ...] | None = None, follow_redirects: bool = True,
          timeout: tuple[float, float] | None = None, ctx=None) -> Fetched:
    """Fetch `url` through the checks; the answer whatever its status (the caller judges it), its body
    read up to max_bytes (past it: UnacceptableContent, the connection dropped). content_types: the
    allowed media types of a 2xx answer."""
    started, status, error, endpoint = time.monotonic(), None, None, "/"
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            target = check(url)
            endpoint = urlsplit(url).path or "/"
            response = _open(target, method, body, headers, timeout)
            status = response.status
            location = response.headers.get("Location")
            if follow_redirects and status in (301, 302, 303, 307, 308) and location:
                response.release_conn()
                url = urljoin(url, location)
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            return _read(response, url, max_bytes, content_types)
        raise UnsafeURL(f"more than {MAX_REDIRECTS} redirects")
    except Exception as exc:
        error = exc
        raise
    finally:
        record_call(source=source, method=method, endpoint=endpoint, status=status, error=error,
                    latency_ms=(time.monotonic() - started) * 1000, ctx=ctx)


def _open(target: Target, method, body, headers, timeout):
    connect, read = timeout or (settings.BEAT_HTTP_CONNECT_TIMEOUT, settings.BEAT_HTTP_READ_TIMEOUT)
    default_port = _DEFAULT_PORTS[target.scheme] == target.port
    headers = {"User-Agent": settings.BEAT_HTTP_USER_AGENT, **(headers or {}),
               "Host": target.host if default_port else f"{target.host}:{target.port}"}
    problem = "connection failed"
    for address in target.addresses:
        try:
            return _pool(target, address).urlopen(
                method, target.path, body=body, headers=headers, redirect=False, retries=False,
                preload_content=False, timeout=urllib3.Timeout(connect=connect, read=read))
        except urllib3.exceptions.NewConnectionError:
            continue  # this address is unreachable: the next one of the host, if any
        except urllib3.exceptions.HTTPError as exc:
            problem = "timed out" if isinstance(exc, urllib3.exceptions.TimeoutError) else "connection failed"
            break
    raise UpstreamError(f"{target.host}: {problem}", source="fetch", details={"host": target.host, "reason": problem})


def _pool(target: Target, address: str):
    """A one-connection pool to the checked address; TLS still verifies the certificate of the host."""
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(address, target.port, server_hostname=target.host,
                                           assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
                                           ca_certs=certifi.where(), maxsize=1)
    return urllib3.HTTPConnectionPool(address, target.port, maxsize=1)


def _read(response, url: str, max_bytes: int, content_types) -> Fetched:
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    ok = 200 <= response.status < 300
    if ok and content_types is not None and content_type not in content_types:
        response.release_conn()
        raise UnacceptableContent(f"content type {content_type or 'none'} is not accepted", source="fetch",
                                  status=response.status, details={"content_type": content_type})
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.release_conn()
        raise _too_large(max_bytes, response.status)
    digest, size = hashlib.sha256(), 0
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    try:
        for chunk in response.stream(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                response.close()  # never read the rest of an oversize answer
                raise _too_large(max_bytes, response.status)
            digest.update(chunk)
            spool.write(chunk)
    except urllib3.exceptions.HTTPError:
        raise UpstreamError("the answer broke off", source="fetch") from None
    finally:
        response.release_conn()
    spool.seek(0)
    return Fetched(response.status, content_type, size, digest.hexdigest(), spool, url)


def _too_large(max_bytes: int, status: int) -> UnacceptableContent:
    return UnacceptableContent(f"the answer is larger than {max_bytes} bytes", source="fetch", status=status,
                               details={"max_bytes": max_bytes})

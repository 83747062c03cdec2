"""Request limits at the door, all on Beat's own exact sliding-window limiter (beat.ratelimit), which
fails closed: when its store (Redis) is unreachable, requests are refused with 429 and Retry-After.

- per API key: the account's request_rate, else BEAT_API_KEY_RATE (staff sessions are not limited);
- invalid API keys, per client address: past BEAT_INVALID_KEY_RATE failures the address is refused
  before any key lookup (no database query) until its window frees;
- admin logins, per client address: BEAT_ADMIN_LOGIN_RATE attempts (AdminLoginThrottle middleware).

Rates keep django-ratelimit's syntax: <count>/<period>, period s m h d with an optional multiple
(600/m, 20000/d, 10/5s, 10/5m).
"""
import logging
import math
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from beat.ratelimit import UNAVAILABLE, Limit, acquire

log = logging.getLogger(__name__)

RATE_RE = re.compile(r"^\s*([1-9]\d*)/(\d*)([smhd])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
BLOCKED = "beat:blocked:bad-key:"  # cache flag: this address may not try keys until it expires


def is_valid_rate(rate: str) -> bool:
    return parse_rate(rate) is not None


def parse_rate(rate: str) -> tuple[int, int] | None:
    """'600/m' -> (600, 60), '10/5s' -> (10, 5); None when it is not a rate."""
    match = RATE_RE.match(rate or "")
    if not match:
        return None
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * UNIT_SECONDS[unit]
    return (int(count), seconds) if seconds > 0 else None


def rate_for(account) -> str:
    custom = (account.request_rate or "").strip()
    if custom and is_valid_rate(custom):
        return custom
    if custom:
        log.warning("account %s has an invalid request_rate %r; using the default", account.slug, custom)
    return settings.BEAT_API_KEY_RATE


def client_address(request) -> str:
    """REMOTE_ADDR, or the header a trusted proxy sets (BEAT_CLIENT_IP_HEADER: its last address)."""
    meta = getattr(request, "META", request)
    header = settings.BEAT_CLIENT_IP_HEADER
    if header and meta.get(header):
        return meta[header].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR") or "unknown"


def _take(key: str, rate: str) -> float:
    """Take one from the window of `key` at `rate`; 0 when allowed, else seconds to wait."""
    count, period = parse_rate(rate)
    decision = acquire([Limit(key, count, period)])
    if decision.allowed:
        return 0.0
    if decision.blocking_key == UNAVAILABLE:
        log.error("request limit %s not checked (limiter unavailable); request refused", key.split(":")[0])
    return max(1.0, decision.retry_after)


class ApiKeyRateThrottle(BaseThrottle):
    def __init__(self):
        self._wait = None

    def allow_request(self, request, view):
        from accounts.auth import is_client  # auth imports this module's guard

        if not is_client(request.user):
            return True
        wait = _take(f"api-key:{request.user.api_key.pk}", rate_for(request.user.account))
        if wait:
            self._wait = math.ceil(wait)
            return False
        return True

    def wait(self):
        return self._wait


# --- invalid API keys, per client address ---

def refuse_if_blocked(request) -> None:
    """Throttled (429) when this address sent too many invalid keys lately, or the store is down."""
    try:
        until = cache.get(BLOCKED + client_address(request))
    except Exception:  # noqa: BLE001 - the cache is down: fail closed, as the limiter does
        log.error("invalid-key guard not checked (cache unreachable); request refused")
        raise Throttled(wait=settings.BEAT_RATE_LIMIT_UNAVAILABLE_RETRY) from None
    if until:
        raise Throttled(wait=math.ceil(float(until)))


def count_invalid_key(request) -> None:
    """One more invalid key from this address; past the rate, the address is blocked for the wait."""
    address = client_address(request)
    wait = _take(f"bad-key:{address}", settings.BEAT_INVALID_KEY_RATE)
    if wait:
        try:
            cache.set(BLOCKED + address, wait, timeout=math.ceil(wait))
        except Exception:  # noqa: BLE001 - refused anyway below; the next request fails closed too
            pass
        raise Throttled(wait=math.ceil(wait))


# --- admin logins, per client address ---

class AdminLoginThrottle:
    """Middleware: POSTs to the admin login page pass BEAT_ADMIN_LOGIN_RATE per client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            wait = _take(f"admin-login:{client_address(request)}", settings.BEAT_ADMIN_LOGIN_RATE)
            if wait:
                seconds = math.ceil(wait)
                return HttpResponse(f"Too many login attempts from this address; try again in {seconds} s.",
                                    status=429, content_type="text/plain", headers={"Retry-After": str(seconds)})
        return self.get_response(request)

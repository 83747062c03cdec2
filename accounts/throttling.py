"""Per-API-key request limits (django-ratelimit's fixed window in the cache), answered 429.

The rate is the account's request_rate, else settings.BEAT_API_KEY_RATE. Staff sessions and
anonymous calls (only the heartbeat allows them) are not limited here.
Client quotas fail open: if the cache (Redis) is unreachable the request goes through and the
outage is logged. Upstream budgets (beat's rate limiter) fail closed; these do not guard anything
that costs money or bans a credential.
"""
import logging
import math
import re

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from accounts.auth import is_client

log = logging.getLogger(__name__)

RATE_RE = re.compile(r"^\s*[1-9]\d*/\d*[smhd]\s*$")
GROUP = "beat.api_key"


def is_valid_rate(rate: str) -> bool:
    """django-ratelimit's syntax: <count>/<period>, period one of s m h d with an optional multiple."""
    return bool(RATE_RE.match(rate or ""))


def rate_for(account) -> str:
    custom = (account.request_rate or "").strip()
    if custom and is_valid_rate(custom):
        return custom
    if custom:
        log.warning("account %s has an invalid request_rate %r; using the default", account.slug, custom)
    return settings.BEAT_API_KEY_RATE


def _key_of(group, request) -> str:
    return str(request.user.api_key.pk)


class ApiKeyRateThrottle(BaseThrottle):
    def __init__(self):
        self._wait = None

    def allow_request(self, request, view):
        if not is_client(request.user):
            return True
        rate = rate_for(request.user.account)
        try:
            usage = get_usage(request, group=GROUP, key=_key_of, rate=rate, increment=True)
        except Exception:  # the cache is down: let clients through, say so loudly
            log.exception("API key rate limit not checked (cache unreachable); request let through")
            return True
        if usage is None or usage["time_left"] < 0:
            # None: ratelimit disabled; time_left -1: the cache answered nothing (fails open here too)
            if usage is not None:
                log.error("API key rate limit not checked (cache gave no count); request let through")
            return True
        if not usage["should_limit"]:
            return True
        self._wait = max(1, math.ceil(usage["time_left"]))
        return False

    def wait(self):
        return self._wait

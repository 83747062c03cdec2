"""The stacks Beat checks, built from settings (beat/settings_limits.py)."""
from django.conf import settings

from beat.handles import normal_handle
from beat.ratelimit.base import Limit

PROFILE_KINDS = ("handle", "id")


def source_limits(source: str, credential_id=None) -> list[Limit]:
    """A call to an upstream source: the source's budget, plus the credential's own if one is set.
    Each limit carries its safety margin (its own third value, else BEAT_RATE_LIMIT_MARGIN)."""
    stack = [_upstream(f"source:{source}", entry) for entry in settings.BEAT_SOURCE_RATE_LIMITS.get(source, ())]
    if credential_id is not None:
        for entry in settings.BEAT_CREDENTIAL_RATE_LIMITS.get(source, ()):
            stack.append(_upstream(f"cred:{credential_id}", entry))
    return stack


def _upstream(key: str, entry) -> Limit:
    limit, period, *margin = entry
    return Limit(key, limit, period, margin[0] if margin else settings.BEAT_RATE_LIMIT_MARGIN)


def profile_refresh_limits(platform: str, kind: str, value) -> list[Limit]:
    """A profile refresh through the API, e.g. ("instagram", "handle", "nasa") or ("youtube", "id", "UC...")."""
    if kind not in PROFILE_KINDS:
        raise ValueError(f"kind must be one of {PROFILE_KINDS}, not {kind!r}")
    value = normal_handle(value) if kind == "handle" else str(value).strip()
    if not value:
        raise ValueError(f"a profile {kind} is required")
    key = f"refresh:{platform.lower()}:{kind}:{value}"
    return [Limit(key, limit, period) for limit, period in settings.BEAT_PROFILE_REFRESH_LIMITS]

"""Upstream rate limits (beat.ratelimit): the FastAPI Beat's budgets, each a list of (limit, seconds).

Every list is a stack: all of its limits must pass. The environment may override any of them with
JSON, e.g. BEAT_SOURCE_RATE_LIMITS='{"rocketapi": [[200, 30]]}' (merged over these defaults).
"""
import json

from django.core.exceptions import ImproperlyConfigured

from beat.env import env_int, env_str


def _env_json(name: str, default):
    raw = env_str(name).strip()
    if not raw:
        return default
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be JSON, e.g. {json.dumps(default)[:60]}") from None
    if type(value) is not type(default):
        raise ImproperlyConfigured(f"{name} must be a JSON {type(default).__name__}")
    return {**default, **value} if isinstance(default, dict) else value


def _stack(name: str, pairs) -> list[tuple[int, float]]:
    try:
        stack = [(int(limit), float(period)) for limit, period in pairs]
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name} must be a list of [limit, seconds] pairs, not {pairs!r}") from None
    if any(limit < 1 or period <= 0 for limit, period in stack):
        raise ImproperlyConfigured(f"{name}: limits and periods must be positive, not {pairs!r}")
    return stack


# Per source (the credential `source` values), shared by all of that source's credentials.
BEAT_SOURCE_RATE_LIMITS = {
    source: _stack(f"BEAT_SOURCE_RATE_LIMITS[{source}]", pairs)
    for source, pairs in _env_json("BEAT_SOURCE_RATE_LIMITS", {
        "rapidapi-yt": [(850, 60)],
        "rapidapi-bestsolutions": [(2, 1)],
        "rapidapi-jotucker": [(5, 1)],
        "rapidapi-arraybobo": [(100, 30)],
        "yt-v31": [(500, 60)],
        "rapidapi-yt-search": [(3, 1)],
        "rocketapi": [(100, 30)],
    }).items()
}
# Per credential of a source (e.g. a key's own plan), on top of the source's limits; none by default.
BEAT_CREDENTIAL_RATE_LIMITS = {
    source: _stack(f"BEAT_CREDENTIAL_RATE_LIMITS[{source}]", pairs)
    for source, pairs in _env_json("BEAT_CREDENTIAL_RATE_LIMITS", {}).items()
}
# Profile refreshes through the API, per handle or id (each platform and kind its own set).
BEAT_PROFILE_REFRESH_LIMITS = _stack(
    "BEAT_PROFILE_REFRESH_LIMITS", _env_json("BEAT_PROFILE_REFRESH_LIMITS", [(20000, 86400), (60, 60), (1, 1)])
)
# When the limiter's store is unreachable it denies (fails closed) and asks to come back after this.
BEAT_RATE_LIMIT_UNAVAILABLE_RETRY = env_int("BEAT_RATE_LIMIT_UNAVAILABLE_RETRY", 5)

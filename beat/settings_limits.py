"""Upstream rate limits (beat.ratelimit): the FastAPI Beat's budgets, each a list of (limit, seconds).

Every list is a stack: all of its limits must pass. The environment may override any of them with
JSON, e.g. BEAT_SOURCE_RATE_LIMITS='{"rocketapi": [[200, 30]]}' (merged over these defaults).
An upstream limit may name its own safety margin as a third value, [limit, seconds, margin seconds];
without one it gets BEAT_RATE_LIMIT_MARGIN (see beat.ratelimit.base.Limit.margin).
"""
import json

from django.core.exceptions import ImproperlyConfigured

from beat.env import env_float, env_int, env_str


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


def _stack(name: str, pairs, *, margins: bool = False) -> list[tuple]:
    """[limit, seconds] pairs; with `margins`, [limit, seconds, margin] triples are accepted too."""
    try:
        stack = [(int(entry[0]), float(entry[1]), *map(float, entry[2:])) for entry in pairs]
    except (TypeError, ValueError, IndexError, KeyError):
        raise ImproperlyConfigured(f"{name} must be a list of [limit, seconds] pairs, not {pairs!r}") from None
    if any(len(entry) > (3 if margins else 2) for entry in stack):
        raise ImproperlyConfigured(f"{name}: one entry is [limit, seconds]{' or [limit, seconds, margin]' * margins}"
                                   f", not {pairs!r}")
    if any(entry[0] < 1 or entry[1] <= 0 or any(m < 0 for m in entry[2:]) for entry in stack):
        raise ImproperlyConfigured(f"{name}: limits and periods must be positive, margins not negative: {pairs!r}")
    return stack



# Per source (the credential `source` values), shared by all of that source's credentials.
BEAT_SOURCE_RATE_LIMITS = {
    source: _stack(f"BEAT_SOURCE_RATE_LIMITS[{source}]", pairs, margins=True)
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
    source: _stack(f"BEAT_CREDENTIAL_RATE_LIMITS[{source}]", pairs, margins=True)
    for source, pairs in _env_json("BEAT_CREDENTIAL_RATE_LIMITS", {}).items()
}
# Profile refreshes through the API, per handle or id (each platform and kind its own set).
BEAT_PROFILE_REFRESH_LIMITS = _stack(
    "BEAT_PROFILE_REFRESH_LIMITS", _env_json("BEAT_PROFILE_REFRESH_LIMITS", [(20000, 86400), (60, 60), (1, 1)])
)
# Default safety margin of an upstream limit: Beat counts each window this much longer than the
# upstream does, so calls granted a window apart still arrive a window apart when transit varies.
# Once a call reports back it counts from the call's start, or from its answer when that is sooner
# (beat.ratelimit.answered): an upstream that answers within the margin pays none of it.
BEAT_RATE_LIMIT_MARGIN = env_float("BEAT_RATE_LIMIT_MARGIN", 0.03)
# A grant due within this many seconds is waited for in place by the worker (the task keeps its
# slot); a longer wait gives the worker back and reschedules the task at its retry_at.
BEAT_RATE_LIMIT_WAIT_IN_PLACE = env_float("BEAT_RATE_LIMIT_WAIT_IN_PLACE", 1.5)
# When the limiter's store is unreachable it denies (fails closed) and asks to come back after this.
BEAT_RATE_LIMIT_UNAVAILABLE_RETRY = env_int("BEAT_RATE_LIMIT_UNAVAILABLE_RETRY", 5)

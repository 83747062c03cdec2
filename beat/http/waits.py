"""How long an upstream asks Beat to wait, read from its rate-limit headers.

Each reader returns seconds, or None when the headers say nothing; the error families choose the
default. Header lookups go through requests' case-insensitive dict.
"""
import datetime as dt
import json
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
_PACIFIC = ZoneInfo("America/Los_Angeles")


def retry_after(headers) -> float | None:
    """Retry-After as seconds or an HTTP date; Azure's retry-after-ms."""
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    raw = (headers.get("retry-after") or "").strip()
    if not raw:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return seconds
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def rapidapi_reset(headers) -> float | None:
    """The longest reset among RapidAPI's exhausted windows (x-ratelimit-[requests-]remaining: 0).

    x-ratelimit-requests-reset is the plan quota (seconds until it resets); x-ratelimit-reset is
    the provider's own window, sent only by APIs that have one.
    """
    waits = []
    for prefix in ("x-ratelimit-requests", "x-ratelimit"):
        remaining = _number(headers.get(f"{prefix}-remaining"))
        reset = _number(headers.get(f"{prefix}-reset"))
        if reset is not None and remaining is not None and remaining <= 0:
            waits.append(reset)
    return max(waits) if waits else None


def openai_reset(headers) -> float | None:
    """x-ratelimit-reset-requests / -tokens ("120ms", "6m0s") of the exhausted budgets."""
    waits = []
    for kind in ("requests", "tokens"):
        remaining = _number(headers.get(f"x-ratelimit-remaining-{kind}"))
        reset = duration(headers.get(f"x-ratelimit-reset-{kind}"))
        if reset is not None and (remaining is None or remaining <= 0):
            waits.append(reset)
    return max(waits) if waits else None


def graph_regain_access(headers) -> float | None:
    """estimated_time_to_regain_access (minutes) of X-Business-Use-Case-Usage, the largest one."""
    try:
        usage = json.loads(headers.get("x-business-use-case-usage") or "{}")
        minutes = [float(entry.get("estimated_time_to_regain_access") or 0)
                   for entries in usage.values() for entry in entries]
    except (ValueError, TypeError, AttributeError):
        return None
    longest = max(minutes, default=0.0)
    return longest * 60 if longest > 0 else None


def until_pacific_midnight(now: dt.datetime | None = None) -> float:
    """Google's daily quotas (YouTube Data API) reset at midnight Pacific time."""
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(_PACIFIC)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1.0, (midnight - now).total_seconds())


def duration(raw) -> float | None:
    """Go-style durations: "120ms", "1s", "6m0s", "1h2m3.5s"."""
    text = (raw or "").strip()
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return _number(text)
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def _number(raw) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None

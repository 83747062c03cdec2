"""Small readers shared by the YouTube parsers: numbers that come as strings, times, durations."""
import html
import re
from datetime import datetime, timezone

from beat.flows.pagination import Page
from beat.parsing import as_int, as_str, dig  # noqa: F401 (the YouTube parsers import them from here)

_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
THUMBNAIL_SIZES = ("maxres", "standard", "high", "medium", "default")


def as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):  # contentDetails.caption is a string
        return value == "true"
    return None


def from_iso(value) -> datetime | None:
    """'2025-09-15T14:00:06Z' (sometimes with fractions of a second) -> aware UTC; '2021-09-16' too."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def iso_duration(value) -> int | None:
    """ISO-8601 durations as the Data API writes them ('PT12M34S', 'P1DT2H', 'PT58S') -> seconds.
    'P0D' (a live stream not yet over) is 0."""
    match = _DURATION.match(value or "")
    if not match or not value or value in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def thumbnails(raw) -> dict:
    """{size: url} of a Data API thumbnails object."""
    if not isinstance(raw, dict):
        return {}
    return {size: entry["url"] for size, entry in raw.items() if isinstance(entry, dict) and entry.get("url")}


def best_thumbnail(by_size: dict) -> str | None:
    return next((by_size[size] for size in THUMBNAIL_SIZES if by_size.get(size)), None)


def largest_image(images) -> str | None:
    """The widest of a scraper's [{url, width, height}] list."""
    if not isinstance(images, list):
        return None
    sized = [i for i in images if isinstance(i, dict) and i.get("url")]
    return max(sized, key=lambda i: as_int(i.get("width")) or 0)["url"] if sized else None


def unescape(value) -> str | None:
    """search.list titles are HTML-escaped ('&amp;', '&#39;'): stored as people wrote them."""
    return html.unescape(value) if isinstance(value, str) else None


def page(items, token) -> Page:
    """One page of a paged answer: its items and the upstream's token for the next one (none: the end)."""
    token = as_str(token)
    return Page(tuple(items), token, bool(token))

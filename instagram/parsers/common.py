"""Small readers shared by every shape parser: safe digging, numbers, times, type mapping."""

from datetime import datetime, timezone

from beat.errors import BadResponse, NotFound
from beat.parsing import as_float, as_int, as_str, dig  # noqa: F401 (the shape parsers import them from here)
from instagram.keywords import extract_hashtags, extract_mentions
from instagram.records import PROFILE_TYPES, Location, UserRef

# The FastAPI Beat's post type mapping, for every way an upstream names a media type.
_POST_TYPES = {
    "GraphImage": "image", 1: "image", "IMAGE": "image", "feed": "image",
    "GraphVideo": "reels", 2: "reels", "VIDEO": "reels", "clips": "reels",
    "GraphSidecar": "carousel", 8: "carousel", "CAROUSEL_ALBUM": "carousel",
    "carousel_container": "carousel",
    "STORY": "story", "story": "story",
}


def as_bool(value) -> bool | None:
    return value if isinstance(value, bool) else None


def from_unix(value) -> datetime | None:
    seconds = as_int(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc)


def from_iso(value) -> datetime | None:
    """Graph's '2025-09-14T16:02:11+0000' and instagrapi's '2025-09-14T16:02:11Z'."""
    if not value:
        return None
    parsed = datetime.strptime(value.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
    return parsed.astimezone(timezone.utc)


def post_type(*names) -> str:
    """The first of the given upstream type names that is known decides."""
    for name in names:
        if name in _POST_TYPES:
            return _POST_TYPES[name]
    raise BadResponse(f"unknown Instagram media type {names!r}")


def story_content_type(media_type) -> str | None:
    """A story's content_type as the FastAPI Beat served it: "image" or "video" (mobile 1 / 2, Graph
    IMAGE / VIDEO)."""
    return {1: "image", 2: "video", "IMAGE": "image", "VIDEO": "video"}.get(
        as_int(media_type) if str(media_type).isdigit() else media_type)


def profile_type(account_type) -> str | None:
    return PROFILE_TYPES.get(as_int(account_type))


def text_tags(caption: str | None) -> dict:
    """hashtags and mentions of a caption, as PostRecord fields."""
    return {"hashtags": extract_hashtags(caption), "mentions": extract_mentions(caption)}


def user_ref(user: dict | None, id_keys=("pk", "id")) -> UserRef | None:
    if not isinstance(user, dict):
        return None
    profile_id = next((as_str(user.get(k)) for k in id_keys if user.get(k) not in (None, "")), None)
    return UserRef(profile_id=profile_id, handle=as_str(user.get("username")))


def location(raw: dict | None) -> Location | None:
    if not isinstance(raw, dict) or not raw.get("name"):
        return None
    return Location(
        name=raw.get("name"),
        city=as_str(raw.get("city")),
        lat=as_float(raw.get("lat")),
        lng=as_float(raw.get("lng")),
        location_id=as_str(raw.get("pk") if raw.get("pk") is not None else raw.get("id")),
    )


def ensure_asked(name: str, source: str, *, answered_id, answered_handle, profile_id=None, handle=None) -> None:
    """The FastAPI Beat's acceptance check: an answer about another user than the one asked is no
    answer (NotFound). Ids compare as numbers, since sources send them as strings or numbers."""
    if profile_id is not None and as_int(answered_id) != as_int(profile_id):
        raise NotFound(f"{name} answered user {answered_id}, not {profile_id}", source=source)
    if handle is not None and (answered_handle or "").lower() != handle.lower():
        raise NotFound(f"{name} answered @{answered_handle}, not @{handle}", source=source)

"""The comments of a post_activity_log_bulk payload, in either shape it comes in.

The FastAPI Beat published its post_activity_log rows: platform_post_id, actor_profile_id, and the
comment's id, text and keywords among `dimensions` ([{key, value}] or {key: value}). Beat's own rows
name them directly: shortcode, comment_id, text, keywords. Likes are not comments: they are skipped.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class CommentText:
    shortcode: str
    comment_id: str
    text: str
    actor_profile_id: str | None = None
    keywords: list | None = None
    source: str = ""


def comments_of(items: list[dict], activity_type: str = "") -> tuple[list[CommentText], int]:
    """(the comments, how many items were skipped: likes, or missing a post, an id or a text)."""
    comments, skipped = {}, 0
    for item in items:
        dims = _dimensions(item.get("dimensions"))
        kind = str(item.get("activity_type") or activity_type or "").lower()
        shortcode = _first(item, dims, "shortcode", "platform_post_id")
        comment_id = _first(item, dims, "comment_id", "activity_id")
        text = _first(item, dims, "text", "comment")
        if kind not in ("comment", "comments") or not (shortcode and comment_id and text):
            skipped += 1
            continue
        keywords = item.get("keywords", dims.get("keywords"))
        if isinstance(keywords, str):
            keywords = [word.strip() for word in keywords.split(",") if word.strip()]
        # a comment sent twice in one payload is scored once
        comments[(shortcode, comment_id)] = CommentText(
            shortcode=shortcode, comment_id=comment_id, text=text,
            actor_profile_id=_text(item.get("actor_profile_id")) or None,
            keywords=keywords if isinstance(keywords, list) else None, source=_text(item.get("source")))
    return list(comments.values()), skipped


def _dimensions(value) -> dict:
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return {entry.get("key"): entry.get("value") for entry in value if isinstance(entry, dict)}
    return {}


def _first(item: dict, dims: dict, *names: str) -> str:
    for name in names:
        value = _text(item.get(name)) or _text(dims.get(name))
        if value:
            return value
    return ""


def _text(value) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip()
    return ""

"""HikerAPI / Lamadava `/v1` models (instagrapi's Media, Story), used only by the lama source.

Shape: `Media{pk, id, code, taken_at (ISO), taken_at_ts, media_type, product_type, like_count,
comment_count, play_count, view_count, caption_text, thumbnail_url, video_url, user{pk, username},
usertags[{user, x, y}], sponsor_tags[user], location{name, city, lat, lng}, resources[]}`;
`Story{pk, user, media_type, thumbnail_url, video_url, links[]/stickers[].story_link, hashtags[],
mentions[]}`. Users are instagrapi's flat User, which mirrors the mobile user (app_shape.parse_user).
Public sources (tests/fixtures/README.md section 7): `AlexeyVulf/hiker-doc` `v1/user.md`, `v1/media.md`
and `openapi.json` (Media, User: verified); stories from the FastAPI Beat's reads (partial).
"""

from beat.errors import BadResponse
from instagram.parsers.common import (
    as_bool, as_int, as_str, dig, from_iso, from_unix, location, post_type, story_content_type, text_tags, user_ref,
)
from instagram.records import PostRecord


def parse_media(media: dict) -> PostRecord:
    user = media.get("user") or {}
    caption = media.get("caption_text") or None
    kind = post_type(media.get("media_type"), media.get("product_type"))
    image = media.get("thumbnail_url") or dig(media, "resources", 0, "thumbnail_url") \
        or dig(media, "image_versions", 0, "url")
    return PostRecord(
        shortcode=media["code"],
        post_type=kind,
        post_id=as_str(media.get("pk")),
        profile_id=as_str(user.get("pk") or user.get("id")),
        handle=as_str(user.get("username")),
        content_type=as_str(media.get("product_type")),
        caption=caption,
        likes=as_int(media.get("like_count")),
        comments=as_int(media.get("comment_count")),
        # instagrapi fills 0 for counts a photo cannot have: only videos have plays and views.
        plays=as_int(media.get("play_count")) if kind == "reels" else None,
        views=(as_int(media.get("view_count")) or None) if kind == "reels" else None,
        publish_time=from_unix(media.get("taken_at_ts")) or from_iso(media.get("taken_at")),
        thumbnail_url=as_str(image),
        display_url=as_str(image),
        video_url=as_str(media.get("video_url")),
        video_duration=media.get("video_duration") or None,
        tagged_users=_refs(dig(t, "user") for t in media.get("usertags") or []),
        sponsors=_refs(media.get("sponsor_tags") or []),
        is_paid_partnership=as_bool(media.get("is_paid_partnership")),
        is_pinned=as_bool(media.get("is_pinned")),
        location=location(media.get("location")),
        **text_tags(caption),
    )


def parse_story(story: dict) -> PostRecord:
    user = story.get("user") or {}
    links = [dig(s, "story_link", "display_url") or dig(s, "story_link", "url") for s in story.get("stickers") or []]
    links += [link.get("webUri") for link in story.get("links") or [] if isinstance(link, dict)]
    tags = (dig(h, "hashtag", "name") for h in story.get("hashtags") or [])
    mentions = (dig(m, "user", "username") for m in story.get("mentions") or [])
    return PostRecord(
        shortcode=str(story["pk"]),
        post_type="story",
        post_id=as_str(story.get("pk")),
        profile_id=as_str(user.get("pk") or user.get("id")),
        handle=as_str(user.get("username")),
        content_type=story_content_type(story.get("media_type")),
        publish_time=from_unix(story.get("taken_at_ts")) or from_iso(story.get("taken_at")),
        thumbnail_url=as_str(story.get("thumbnail_url")),
        display_url=as_str(story.get("thumbnail_url")),
        video_url=as_str(story.get("video_url")),
        video_duration=story.get("video_duration") or None,
        mentions=tuple(m for m in mentions if m),
        # instagrapi's Story.sponsor_tags: users; the mobile shape wraps each in {"sponsor": ...}
        sponsors=_refs(s.get("sponsor", s) if isinstance(s, dict) else s for s in story.get("sponsor_tags") or []),
        is_paid_partnership=as_bool(story.get("is_paid_partnership")),
        story_links=tuple(dict.fromkeys(link for link in links if link)),
        story_hashtags=tuple(t for t in tags if t),  # as written: the FastAPI Beat kept their case
    )


def parse_item(item: dict, *, story: bool = False, profile_id=None, handle=None) -> PostRecord:
    """One stored Media or Story (a post_log item, instagram.parsers.items): their taken_at is ISO,
    the mobile items they mirror say a unix time."""
    if not isinstance(item, dict) or not isinstance(item.get("taken_at"), str):
        raise BadResponse("not an instagrapi model")
    return parse_story(item) if story else parse_media(item)


def _refs(users) -> tuple:
    refs = (user_ref(u) for u in users)
    return tuple(r for r in refs if r)

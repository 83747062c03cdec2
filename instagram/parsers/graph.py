"""Instagram Graph API (Instagram API with Facebook Login): its own shape, no scraper envelope.

Reads business_discovery (profile + media page), stories, media comments, hashtag search and hashtag
media; insights live in graph_insights and are re-exported here. Error bodies are
mapped once, by the HTTP client (beat.http.families.graph), before any parser sees an answer.
Public sources (tests/fixtures/README.md section 1): developers.facebook.com reference pages for
ig-user/business_discovery, ig-user/stories, ig-hashtag, ig-media/comments, debug_token and the
error-handling guide; `sns-sdks/python-facebook` testdata. Confidence: business_discovery, stories,
hashtag search / media, comment base fields, debug_token (valid) **verified**; nested comment replies,
debug_token `data.error`, the not-found error (110 / 2207013) and throttling `is_transient`
**partial**; the invalid-token message **unverified**.
"""

import re
from datetime import datetime, timezone

from beat.errors import BadResponse, NotFound
from instagram.parsers.common import as_int, as_str, dig, from_iso, post_type, story_content_type, text_tags
from instagram.parsers.graph_insights import (  # noqa: F401  (re-exported: graph.parse_media_insights ...)
    parse_media_insights, parse_user_insights_demographics,
)
from beat.flows.pagination import Page
from instagram.records import CommentRecord, PostRecord, ProfileRecord

SOURCE = "graphapi"
parse_story_insights = parse_media_insights

_SHORTCODE = re.compile(r"instagram\.com/(?:[^/]+/)?(?:p|reel|reels|tv)/([^/?#]+)")
_STORY = re.compile(r"instagram\.com/stories/([^/]+)/(\d+)")
def parse_business_discovery(raw: dict) -> tuple[ProfileRecord, Page]:
    user = raw.get("business_discovery")
    if not isinstance(user, dict) or not user.get("username"):
        raise NotFound("business_discovery returned no account", source=SOURCE)
    # ig_id is deprecated by Meta ("use id"): without it the Graph node id is the identity. An answer
    # with neither is no usable profile, and the next source is asked (BadResponse falls back).
    profile_id = as_str(user.get("ig_id")) or as_str(user.get("id"))
    if profile_id is None:
        raise BadResponse("business_discovery answered an account without ig_id or id", source=SOURCE)
    profile = ProfileRecord(
        profile_id=profile_id,
        handle=user["username"],
        full_name=as_str(user.get("name")),
        biography=as_str(user.get("biography")),
        followers=as_int(user.get("followers_count")),
        following=as_int(user.get("follows_count")),
        media_count=as_int(user.get("media_count")),
        profile_pic_url=as_str(user.get("profile_picture_url")),
        external_url=as_str(user.get("website")),
        # Only professional accounts can be looked up; Graph does not say business or creator.
        is_business_or_creator=True,
        is_professional=True,
        fbid=as_str(user.get("id")),
    )
    media = user.get("media") or {}
    posts = tuple(parse_media(m, profile_id=profile.profile_id, handle=profile.handle) for m in media.get("data") or [])
    return profile, _page(posts, media.get("paging"))


def parse_media(media: dict, *, profile_id: str | None = None, handle: str | None = None) -> PostRecord:
    """A Graph IG Media object (business_discovery media, hashtag media, stories)."""
    kind = post_type(media.get("media_product_type") if media.get("media_product_type") == "STORY" else None,
                     media.get("media_type"))
    permalink = media.get("permalink") or ""
    story = _STORY.search(permalink)
    shortcode = _SHORTCODE.search(permalink)
    if story:
        code, handle = story.group(2), handle or story.group(1)
    elif shortcode:
        code = shortcode.group(1)
    else:
        code = as_str(media.get("shortcode")) or media["id"]
    is_video = media.get("media_type") == "VIDEO"
    caption = media.get("caption")
    content_type = (story_content_type(media.get("media_type")) if kind == "story"
                    else as_str(media.get("media_product_type")))
    return PostRecord(
        shortcode=code,
        post_type=kind,
        post_id=as_str(media.get("id")),
        profile_id=profile_id,
        handle=handle or as_str(media.get("username")),
        content_type=content_type,
        caption=caption,
        likes=as_int(media.get("like_count")),  # left out when the owner hides like counts
        comments=as_int(media.get("comments_count")),
        views=as_int(media.get("view_count")),
        publish_time=from_iso(media.get("timestamp")),
        thumbnail_url=as_str(media.get("thumbnail_url") if is_video else media.get("media_url")),
        display_url=as_str(media.get("thumbnail_url") if is_video else media.get("media_url")),
        video_url=as_str(media.get("media_url")) if is_video else None,
        **text_tags(caption),
    )


def parse_item(item: dict, *, story: bool = False, profile_id=None, handle=None) -> PostRecord:
    """One stored IG Media (a post_log item, instagram.parsers.items); Graph names no owner in media,
    so the snapshot's stands in, as the page's did. Stories say so themselves (media_product_type)."""
    if not isinstance(item, dict) or "media_type" not in item:
        raise BadResponse("not a Graph media", source=SOURCE)
    return parse_media(item, profile_id=profile_id, handle=handle)


def parse_stories(raw: dict, *, profile_id: str | None = None, handle: str | None = None) -> Page:
    """The token owner's live stories (last 24 h). An empty list means none are live."""
    stories = tuple(parse_media(m, profile_id=profile_id, handle=handle) for m in raw.get("data") or [])
    return _page(stories, raw.get("paging"))


def parse_media_comments(raw: dict, *, shortcode: str | None = None, post_id: str | None = None) -> Page:
    """Comments with their replies flattened after them (a reply carries its parent_id)."""
    comments = []
    for item in raw.get("data") or []:
        comments.append(_comment(item, shortcode, post_id))
        for reply in dig(item, "replies", "data", default=[]):
            comments.append(_comment(reply, shortcode, post_id, parent_id=as_str(item.get("id"))))
    return _page(tuple(comments), raw.get("paging"))


def parse_hashtag_search(raw: dict) -> str:
    """The hashtag's Graph id."""
    hashtag_id = as_str(dig(raw, "data", 0, "id"))
    if hashtag_id is None:
        raise NotFound("no such hashtag", source=SOURCE)
    return hashtag_id


def parse_hashtag_media(raw: dict) -> Page:
    """top_media / recent_media of a hashtag; Graph never names the owners of these posts."""
    return _page(tuple(parse_media(m) for m in raw.get("data") or []), raw.get("paging"))


def _comment(item: dict, shortcode, post_id, parent_id=None) -> CommentRecord:
    return CommentRecord(
        comment_id=str(item["id"]),
        text=item.get("text"),
        shortcode=shortcode,
        post_id=post_id,
        author_id=as_str(dig(item, "from", "id")),
        author_handle=as_str(item.get("username")),
        likes=as_int(item.get("like_count")),
        created_at=from_iso(item.get("timestamp")),
        parent_id=parent_id,
    )


def _page(items: tuple, paging: dict | None) -> Page:
    after = as_str(dig(paging, "cursors", "after"))
    if isinstance(paging, dict) and ("next" in paging or "previous" in paging):
        # Edges with URL paging (comments, hashtag media) name a `next` only when there is more.
        more = bool(paging.get("next"))
    else:
        # business_discovery media paging has only cursors: stop on an empty page or no `after`.
        more = bool(items and after)
    return Page(items=items, next_cursor=after if more else None, has_more=more)


def _unix_or_never(value) -> datetime | None:
    seconds = as_int(value)
    return datetime.fromtimestamp(seconds, tz=timezone.utc) if seconds else None

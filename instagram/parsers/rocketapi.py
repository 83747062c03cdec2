"""RocketAPI (source `rocketapi`; v1.rocketapi.io, or rocketapi-for-instagram on RapidAPI).

Envelope: `{"status": "done" | "error" | "timeout", "response": {"status_code", "content_type",
"body"}}`, outer HTTP 200 even when Instagram said 404. Bodies: `user/get_info` Instagram's
`web_profile_info` (`data.user`, web shape); `user/get_media` a mobile feed; `user/get_clips` a clips
page; `media/get_info_by_shortcode` `{"items": [<mobile media>]}`; `user/get_followers` /
`get_following` `{users[], big_list, next_max_id}`; `user/get_stories` `{reels: {"<id>": {user, items}}}`.
Public sources (tests/fixtures/README.md sections 6 and 8): `rocketapi-io/rocketapi-python` (envelope,
methods, payloads), the FastAPI Beat's reads, a RapidAPI pagination tutorial. Confidence: envelope,
get_info, get_clips, get_info_by_shortcode **verified**; get_media, get_followers, get_stories,
the not-found envelope **partial**.
"""

from beat.errors import NotFound, RateLimited, UpstreamError
from instagram.parsers import app_shape, web_shape
from instagram.parsers.common import as_int, as_str, dig
from beat.flows.pagination import Page
from instagram.records import PostRecord, ProfileRecord

SOURCE = "rocketapi"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# get_info: web nodes; feed, clips, media, stories: mobile items
ITEM_SHAPES = (web_shape, app_shape)


def unwrap(raw: dict) -> dict:
    """The Instagram body inside RocketAPI's envelope, or the error its envelope reports."""
    if not isinstance(raw, dict) or "response" not in raw:
        raise UpstreamError("rocketapi answer has no response envelope", source=SOURCE)
    if raw.get("status") != "done":
        raise UpstreamError(f"rocketapi status {raw.get('status')!r}", source=SOURCE)
    status = as_int(dig(raw, "response", "status_code")) or 200
    if status == 404:
        raise NotFound("instagram answered 404 through rocketapi", source=SOURCE, status=status)
    if status == 429:
        raise RateLimited("instagram answered 429 through rocketapi", source=SOURCE, status=status)
    if status >= 400:
        raise UpstreamError(f"instagram answered {status} through rocketapi", source=SOURCE, status=status)
    body = dig(raw, "response", "body")
    if not isinstance(body, dict):
        raise UpstreamError("rocketapi answer has no body", source=SOURCE)
    return body


def parse_profile(raw: dict) -> tuple[ProfileRecord, Page]:
    """user/get_info: the web profile and the recent posts it embeds."""
    user = dig(unwrap(raw), "data", "user")
    if not isinstance(user, dict) or not user.get("username"):
        raise NotFound("rocketapi returned no data.user", source=SOURCE)
    return web_shape.parse_user_with_posts(user)


def parse_posts(raw: dict) -> Page:
    """user/get_media: cursor `next_max_id` (sent back as `max_id`)."""
    return app_shape.parse_feed(unwrap(raw))


def parse_reels(raw: dict) -> Page:
    """user/get_clips: cursor `paging_info.max_id`."""
    return app_shape.parse_clips(unwrap(raw))


def parse_post(raw: dict) -> PostRecord:
    """media/get_info_by_shortcode (and media/get_info): `items[0]`; none means no such post."""
    items = unwrap(raw).get("items")
    if not items:
        raise NotFound("rocketapi returned no media", source=SOURCE)
    return app_shape.parse_media(items[0])


def parse_followers(raw: dict) -> Page:
    """user/get_followers (and get_following): more pages while `big_list`, cursor `next_max_id`."""
    body = unwrap(raw)
    cursor = as_str(body.get("next_max_id"))
    return Page(
        items=tuple(app_shape.parse_relationship(u) for u in body.get("users") or []),
        next_cursor=cursor,
        has_more=bool(body.get("big_list")) and cursor is not None,
    )


parse_following = parse_followers


def parse_stories(raw: dict, *, profile_id: str) -> tuple[PostRecord, ...]:
    """user/get_stories: the reel keyed by the user id as a string (absent: no live stories)."""
    return app_shape.parse_reel(dig(unwrap(raw), "reels", str(profile_id), default={}))

"""RapidAPI "Instagram Scraper" by JoTucker (source `rapidapi-jotucker`, host instagram-scraper2).

Envelopes: `/user_info_by_id` `{"user": <mobile user>, "status"}` (`user.pk` a string); `/medias_v2`
a mobile user feed; `/media_info_v2` `{"items": [<mobile media>]}`; `/followers` and `/following`
`{"data": {"user": {"edge_followed_by" | "edge_follow": <web connection>}}}`; `/media_likers` and
`/media_comments` `{"data": {"shortcode_media": {"edge_liked_by" | "edge_media_to_parent_comment"}}}`.
Public sources (tests/fixtures/README.md section 8): the FastAPI Beat's reads, a public Telegram bot, a
ToolBench wrapper, `instagram-private-api` typings. Confidence: user info, medias_v2, media_info_v2
**verified** keys (the `pk` type is assumed); followers **partial**; likers and comments described
only (no public sample: **unverified**).
"""

from beat.errors import NotFound
from instagram.parsers import app_shape, web_shape
from instagram.parsers.common import dig
from beat.flows.pagination import Page
from instagram.records import LikerRecord, PostRecord, ProfileRecord

SOURCE = "rapidapi-jotucker"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# feed and media info: mobile items; hashtag pages: web nodes
ITEM_SHAPES = (app_shape, web_shape)


def parse_profile(raw: dict, *, profile_id: str | None = None, handle: str | None = None) -> ProfileRecord:
    """By id the answer must be that id; by handle, that handle. Otherwise the user was not found."""
    user = raw.get("user") if isinstance(raw, dict) else None
    return app_shape.parse_asked_user(user, name="jotucker", source=SOURCE, profile_id=profile_id, handle=handle)


def parse_posts(raw: dict) -> Page:
    """/medias_v2: a mobile feed page (cursor `next_max_id`)."""
    return app_shape.parse_feed(raw)


def parse_post(raw: dict) -> PostRecord:
    """/media_info_v2: `items[0]`; no items means no such post."""
    items = raw.get("items") if isinstance(raw, dict) else None
    if not items:
        raise NotFound("jotucker returned no media", source=SOURCE)
    return app_shape.parse_media(items[0])


def parse_followers(raw: dict) -> Page:
    return web_shape.parse_user_connection(_user_edge(raw, "edge_followed_by"))


def parse_following(raw: dict) -> Page:
    return web_shape.parse_user_connection(_user_edge(raw, "edge_follow"))


def parse_likers(raw: dict, *, shortcode: str | None = None) -> Page:
    page = web_shape.parse_user_connection(_media_edge(raw, "edge_liked_by"))
    likers = tuple(LikerRecord(shortcode=shortcode, **vars(user)) for user in page.items)
    return Page(items=likers, next_cursor=page.next_cursor, has_more=page.has_more)


def parse_comments(raw: dict, *, shortcode: str | None = None) -> Page:
    return web_shape.parse_comment_connection(_media_edge(raw, "edge_media_to_parent_comment"), shortcode=shortcode)


def _user_edge(raw: dict, edge: str) -> dict:
    user = dig(raw, "data", "user")
    if not isinstance(user, dict):
        raise NotFound("jotucker returned no data.user", source=SOURCE)
    return user.get(edge) or {}


def _media_edge(raw: dict, edge: str) -> dict:
    media = dig(raw, "data", "shortcode_media")
    if not isinstance(media, dict):
        raise NotFound("jotucker returned no data.shortcode_media", source=SOURCE)
    return media.get(edge) or {}

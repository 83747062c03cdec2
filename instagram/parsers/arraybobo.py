"""RapidAPI "Instagram Scraper 2022" by arraybobo (source `rapidapi-arraybobo`).

Envelopes: `/ig/info_username/` and `/ig/info/` `{"user": <mobile user>, "status"}` (`pk` a number);
`/ig/posts/` `{"data": {"user": {"edge_owner_to_timeline_media": <web connection>}}, "status"}`;
`/ig/post_info/` a web `shortcode_media` **not wrapped**; `/ig/reels_posts/` a mobile clips page;
`/ig/stories/` `{"reels": {"<user id>": {user, items[]}}}`; `/ig/tagged/` assumed like `/ig/posts/`.
Public sources (tests/fixtures/README.md section 8): the FastAPI Beat's reads, public JS/PHP clients.
Confidence: info, posts, reels **verified** keys; post_info **partial**; stories **partial** (same
object as RocketAPI's without its envelope); tagged **unverified** (no body seen).
"""

from beat.errors import NotFound
from instagram.parsers import app_shape, web_shape
from instagram.parsers.common import dig, ensure_asked
from beat.flows.pagination import Page
from instagram.records import PostRecord, ProfileRecord

SOURCE = "rapidapi-arraybobo"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# posts, post_info, tagged: web nodes; reels, stories: mobile items
ITEM_SHAPES = (web_shape, app_shape)


def parse_profile(raw: dict, *, profile_id: str | None = None, handle: str | None = None) -> ProfileRecord:
    """By id the answer must carry that pk (a number); by handle, that username."""
    user = raw.get("user") if isinstance(raw, dict) else None
    if not isinstance(user, dict) or not user.get("username"):
        raise NotFound("arraybobo returned no user", source=SOURCE)
    ensure_asked("arraybobo", SOURCE, answered_id=user.get("pk"), answered_handle=user["username"],
                 profile_id=profile_id, handle=handle)
    return app_shape.parse_user(user)


def parse_posts(raw: dict) -> Page:
    """/ig/posts/ (and /ig/posts_username/): 12 web nodes a page, cursor `end_cursor`."""
    return web_shape.parse_timeline(_user(raw).get("edge_owner_to_timeline_media") or {})


def parse_tagged(raw: dict) -> Page:
    """/ig/tagged/: posts other accounts tagged the user in (shape assumed, see the docstring)."""
    user = _user(raw)
    return web_shape.parse_timeline(user.get("edge_user_to_photos_of_you") or user.get("edge_owner_to_timeline_media") or {})


def parse_post(raw: dict, *, shortcode: str | None = None) -> PostRecord:
    """/ig/post_info/: accepted only when its shortcode is the one asked for."""
    if not isinstance(raw, dict) or not raw.get("shortcode"):
        raise NotFound("arraybobo returned no post", source=SOURCE)
    if shortcode is not None and raw["shortcode"] != shortcode:
        raise NotFound(f"arraybobo answered post {raw['shortcode']}, not {shortcode}", source=SOURCE)
    return web_shape.parse_node(raw)


def parse_reels(raw: dict) -> Page:
    """/ig/reels_posts/: clips page, cursor `paging_info.max_id`."""
    return app_shape.parse_clips(raw)


def parse_stories(raw: dict, *, profile_id: str) -> tuple[PostRecord, ...]:
    """/ig/stories/: the user's live stories (none: an empty tuple)."""
    return app_shape.parse_reel(dig(raw, "reels", str(profile_id), default={}))


def _user(raw: dict) -> dict:
    user = dig(raw, "data", "user")
    if not isinstance(user, dict):
        raise NotFound("arraybobo returned no data.user", source=SOURCE)
    return user

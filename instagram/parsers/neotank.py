"""RapidAPI NeoTank "Instagram" (source `rapidapi-neotank`, host instagram130).

Envelopes: `/account-info` the web GraphQL user **without** a `graphql`/`data` wrapper (accepted when
its `username` is the one asked for; HTTP 404 = unknown username); `/account-medias` a bare web
connection `{count, page_info, edges[].node}`.
Public sources (tests/fixtures/README.md section 8): the FastAPI Beat's reads, public PHP / Django / Java
consumers, a ToolBench wrapper. Confidence: **verified** (both).
"""

from beat.errors import NotFound
from instagram.parsers import web_shape
from instagram.parsers.common import ensure_asked
from beat.flows.pagination import Page
from instagram.records import ProfileRecord

SOURCE = "rapidapi-neotank"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# web nodes
ITEM_SHAPES = (web_shape,)


def parse_profile(raw: dict, *, handle: str | None = None) -> tuple[ProfileRecord, Page]:
    """/account-info: the profile and the recent posts it embeds."""
    if not isinstance(raw, dict) or not raw.get("username") or not raw.get("id"):
        raise NotFound("neotank returned no account", source=SOURCE)
    ensure_asked("neotank", SOURCE, answered_id=raw["id"], answered_handle=raw["username"], handle=handle)
    return web_shape.parse_user_with_posts(raw)


def parse_posts(raw: dict) -> Page:
    """/account-medias: cursor `page_info.end_cursor` (passed back as `after`)."""
    if not isinstance(raw, dict) or "edges" not in raw:
        raise NotFound("neotank returned no medias", source=SOURCE)
    return web_shape.parse_timeline(raw)

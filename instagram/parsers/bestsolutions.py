"""RapidAPI "Instagram API Cheap & Best performance" by Best Solutions (source `rapidapi-bestsolutions`).

Envelopes: `/profile` the mobile user object **flat** (no `user`/`status` wrapper; accepted when
`username` or `str(pk)` is the one asked for); `/feed` a mobile user feed that pages only while
`more_available` is true **and** `next_max_id` is non-empty.
Public sources (tests/fixtures/README.md section 8): the FastAPI Beat's reads, a ToolBench wrapper.
Confidence: **partial** (envelopes from Beat; other keys follow Instagram's mobile shapes).
"""

from beat.flows.pagination import Page
from instagram.parsers import app_shape
from instagram.records import ProfileRecord

SOURCE = "rapidapi-bestsolutions"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# the feed's mobile items
ITEM_SHAPES = (app_shape,)


def parse_profile(raw: dict, *, profile_id: str | None = None, handle: str | None = None) -> ProfileRecord:
    return app_shape.parse_asked_user(raw, name="bestsolutions", source=SOURCE, profile_id=profile_id,
                                      handle=handle)


def parse_posts(raw: dict) -> Page:
    """/feed: cursor `next_max_id` (passed back as `next_max_id`)."""
    return app_shape.parse_feed(raw)

"""RapidAPI "IGData" (source `rapidapi-igapi`, class IGApi in the FastAPI Beat).

Envelope: `/web_followers` a bare web user connection `{count, page_info{end_cursor, has_next_page},
edges[].node{id, username, full_name, profile_pic_url, is_private, is_verified}}`.
Public source (tests/fixtures/README.md section 8): the FastAPI Beat only. Confidence: **partial**.
The API sometimes answers an empty page without a cursor though more exist; that page reads as the end
here (has_more False), and `looks_truncated` lets a flow tell it apart from a real end.
"""

from beat.errors import BadResponse
from instagram.parsers import web_shape
from instagram.parsers.common import as_int
from beat.flows.pagination import Page

SOURCE = "rapidapi-igapi"


def parse_followers(raw: dict) -> Page:
    if not isinstance(raw, dict) or "edges" not in raw:
        raise BadResponse("igapi answer has no edges", source=SOURCE)
    return web_shape.parse_user_connection(raw)


def looks_truncated(raw: dict, page: Page) -> bool:
    """An empty, cursorless page of an account with many followers (the FastAPI Beat's check: 10,000)."""
    return not page.items and not page.has_more and (as_int(raw.get("count")) or 0) >= 10_000

"""One stored post item read again, by its source's parsers (reparse: post_log keeps each post's item
of a page, not the page, so the page parsers cannot read it).

Each shape module has one parse_item(item, *, story, profile_id, handle), which refuses (BadResponse)
an item that is not of its shape; each source module names the shapes its pages carry (ITEM_SHAPES),
tried in turn. Graph's media are a shape of their own.
"""
from beat.errors import BadResponse
from beat.providers import reading
from instagram.parsers import arraybobo, bestsolutions, graph, jotucker, lama, neotank, rocketapi
from instagram.records import PostRecord

ITEM_SHAPES = {module.SOURCE: module.ITEM_SHAPES for module in (arraybobo, bestsolutions, jotucker, lama, neotank,
                                                                 rocketapi)}
ITEM_SHAPES[graph.SOURCE] = (graph,)


def parse_item(source: str, item, *, story: bool = False, profile_id: str | None = None,
               handle: str | None = None) -> PostRecord:
    """The post a stored item of source describes; profile_id and handle are the snapshot's owner, for
    shapes whose items leave it to their page. BadResponse when no shape of the source reads it."""
    for shape in ITEM_SHAPES.get(source, ()):
        try:
            with reading(source, "stored item"):
                return shape.parse_item(item, story=story, profile_id=profile_id, handle=handle)
        except BadResponse:
            continue
    raise BadResponse(f"{source}: no post item parser reads this item", source=source)

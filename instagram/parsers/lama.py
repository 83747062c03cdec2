"""Lamadava / HikerAPI (source `lama`): envelopes and errors; the shapes are parsed elsewhere.

`/v1/user/by/{username,id}` flat instagrapi User (app_shape.parse_user); `/a2/user` (and the retired
`/a1/user`) `{"graphql": {"user": <web user>}}` (web_shape); `/a1/media` `{"items": [<mobile media>]}`
(app_shape); `/v1/user/medias/chunk`, `/v1/hashtag/medias/recent/chunk` and
`/gql/user/{followers,following}/chunk` two-element arrays `[items, next_cursor]` (cursor `null` or
`""` at the end); `/v1/media/by/code` a Media; `/v1/user/stories` a JSON array of Story.
Errors (`{"detail", "exc_type"}`) are mapped once, by the HTTP client: beat.http.families.lama.
Public sources (tests/fixtures/README.md section 7): `AlexeyVulf/hiker-doc` (v1 user / media, openapi,
response codes) and `adw0rd/lamadava-docs` `a1.rst`. Confidence: v1 user, medias chunk, media by code,
a1 user **verified**; a1 media, gql chunks, the end-of-chunk cursor, stories, error bodies **partial**.
"""

from beat.errors import BadResponse, NotFound
from instagram.parsers import app_shape, instagrapi_shape, web_shape
from instagram.parsers.common import as_str, ensure_asked
from beat.flows.pagination import Page
from instagram.records import PostRecord, ProfileRecord

SOURCE = "lama"
# the shapes of the post items its pages carry, tried in this order (instagram.parsers.items):
# v1 chunks, media and stories: instagrapi; a2/a1 user: web nodes; a1 media: mobile
ITEM_SHAPES = (instagrapi_shape, web_shape, app_shape)
def parse_user(raw: dict, *, profile_id: str | None = None) -> ProfileRecord:
    """/v1/user/by/username and /v1/user/by/id. By id, the answer must be that user (str(pk) == id)."""
    if not isinstance(raw, dict) or not raw.get("username"):
        raise NotFound("lama returned no user", source=SOURCE)
    profile = app_shape.parse_user(raw)
    ensure_asked("lama", SOURCE, answered_id=profile.profile_id, answered_handle=profile.handle,
                 profile_id=profile_id)
    return profile


def parse_a2_user(raw: dict, *, handle: str) -> tuple[ProfileRecord, Page]:
    """/a2/user?username=: `{"graphql": {"user": <web user>}}` with its recent posts. The reference
    sample leaves `username` out of the user: it is the handle asked for."""
    user = raw.get("graphql", {}).get("user") if isinstance(raw, dict) else None
    if not user or not (user.get("id") or user.get("username")):
        raise NotFound("lama /a2/user returned no graphql.user", source=SOURCE)
    user = {**user, "username": user.get("username") or handle}
    ensure_asked("lama", SOURCE, answered_id=None, answered_handle=user["username"], handle=handle)
    return web_shape.parse_user_with_posts(user)


def parse_media_by_code(raw: dict, *, shortcode: str | None = None) -> PostRecord:
    """/v1/media/by/code?code=: an instagrapi Media; it must be the post asked for."""
    if not isinstance(raw, dict) or not raw.get("code"):
        raise NotFound("lama /v1/media/by/code returned no media", source=SOURCE)
    if shortcode is not None and raw["code"] != shortcode:
        raise NotFound(f"lama answered post {raw['code']}, not {shortcode}", source=SOURCE)
    return instagrapi_shape.parse_media(raw)


# /a1/user and /a1/media are no longer in HikerAPI's reference (the provider calls /a2/user and
# /v1/media/by/code); their parsers stay so snapshots stored from them can be parsed again.
def parse_a1_user(raw: dict) -> tuple[ProfileRecord, Page]:
    """/a1/user: the web profile with its embedded recent posts."""
    user = raw.get("graphql", {}).get("user") if isinstance(raw, dict) else None
    if not user:
        raise NotFound("lama /a1/user returned no graphql.user", source=SOURCE)
    return web_shape.parse_user_with_posts(user)


def parse_a1_media(raw: dict) -> PostRecord:
    """/a1/media?code=: `items[0]` is the post."""
    items = raw.get("items") if isinstance(raw, dict) else None
    if not items:
        raise NotFound("lama /a1/media returned no items", source=SOURCE)
    return app_shape.parse_media(items[0])


def parse_user_medias_chunk(raw: list) -> Page:
    items, cursor = _chunk(raw)
    return Page(items=tuple(instagrapi_shape.parse_media(m) for m in items), next_cursor=cursor,
                has_more=cursor is not None)


parse_hashtag_medias_chunk = parse_user_medias_chunk  # same [Media[], cursor] array


def parse_users_chunk(raw: list) -> Page:
    """/gql/user/followers/chunk and /gql/user/following/chunk."""
    items, cursor = _chunk(raw)
    return Page(items=tuple(app_shape.parse_relationship(u) for u in items), next_cursor=cursor,
                has_more=cursor is not None)


parse_followers_chunk = parse_following_chunk = parse_users_chunk


def parse_user_stories(raw: list) -> tuple[PostRecord, ...]:
    """/v1/user/stories: a JSON array of Story (empty: no live stories)."""
    if not isinstance(raw, list):
        raise BadResponse("lama stories answer is not a list", source=SOURCE)
    return tuple(instagrapi_shape.parse_story(s) for s in raw)


def _chunk(raw) -> tuple[list, str | None]:
    if not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[0], list):
        raise BadResponse("lama chunk answer is not [items, cursor]", source=SOURCE)
    return raw[0], as_str(raw[1])  # null and "" both end the listing

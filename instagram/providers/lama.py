"""Lamadava / HikerAPI (source `lama`; api.lamadava.com, also api.hikerapi.com), by instagrapi's authors.

All reads are GET with the `x-access-key` header (the credential's field). Paths and parameters as
HikerAPI's current reference documents them (hiker-doc `docs/api-reference`, the `hikerapi` client
1.8.3): the profile by handle is `/a2/user` (the web profile with its recent posts), a post by shortcode
`/v1/media/by/code`; the `/a1/*` paths the FastAPI Beat called are no longer documented, so there is no
fallback to them, and the `max_amount` / `amount` parameters the current client dropped are not sent.
`*/chunk` answers are `[items, next_cursor]`. Shapes: `AlexeyVulf/hiker-doc` (v1 user / media, openapi) and
`adw0rd/lamadava-docs` a1.rst: v1 user, medias chunk, a1 user **verified**; a1 media, gql chunks,
stories, hashtag chunk and error bodies **partial**. Errors: the HTTP status carries the meaning
(403 private, 404 not found); the FastAPI Beat also read a 400 from the profile endpoints as
"no such profile", which is kept here.
"""
from beat.errors import NotFound, UpstreamError
from beat.providers import capabilities as cap
from instagram.parsers import lama
from instagram.providers.base import EMPTY_PAGE, InstagramProvider, params_with
from beat.flows.pagination import Page


class Lama(InstagramProvider):
    source = "lama"
    credential_headers = ("x-access-key",)
    # HikerAPI GET /sys/balance: the account's balance, no Instagram request, not billed
    probe_request = ("GET", "/sys/balance", {})
    base_url_setting = "BEAT_LAMA_BASE_URL"
    error_family = "lama"
    capabilities = frozenset({cap.PROFILE, cap.POSTS, cap.POST, cap.FOLLOWERS, cap.FOLLOWING, cap.STORIES,
                              cap.HASHTAG})

    # Reference: hiker-doc docs/api-reference/v2/user.md, GET /a2/user?username= (the web profile with
    # its recent posts; the sample leaves out the username, which is the one asked)
    def profile_by_handle(self, handle: str):
        return lama.parse_a2_user(self._profile("/a2/user", {"username": handle}), handle=handle)

    # Reference: hiker-doc docs/api-reference/v1/user.md, GET /v1/user/by/id?id=
    def profile_by_id(self, profile_id: str):
        return lama.parse_user(self._profile("/v1/user/by/id", {"id": profile_id}), profile_id=profile_id), EMPTY_PAGE

    # Reference: hiker-doc v1/user.md, GET /v1/user/medias/chunk?user_id=[&end_cursor=]
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        params = params_with({"user_id": profile_id}, end_cursor=cursor)
        return lama.parse_user_medias_chunk(self.get("/v1/user/medias/chunk", params))

    # Reference: hiker-doc v1/media.md, GET /v1/media/by/code?code= (an instagrapi Media)
    def post_by_shortcode(self, shortcode: str):
        return lama.parse_media_by_code(self.get("/v1/media/by/code", {"code": shortcode}), shortcode=shortcode)

    # Reference: hikerapi client 1.8.3 user_followers_chunk_gql, GET /gql/user/followers/chunk?user_id=[&end_cursor=]
    def followers(self, profile_id: str, cursor: str | None = None) -> Page:
        return lama.parse_followers_chunk(self.get("/gql/user/followers/chunk", self._users(profile_id, cursor)))

    # Reference: same, GET /gql/user/following/chunk
    def following(self, profile_id: str, cursor: str | None = None) -> Page:
        return lama.parse_following_chunk(self.get("/gql/user/following/chunk", self._users(profile_id, cursor)))

    # Reference: hiker-doc v1/user.md, GET /v1/user/stories?user_id= (a JSON array of Story)
    def stories(self, profile_id: str) -> list:
        return list(lama.parse_user_stories(self.get("/v1/user/stories", {"user_id": profile_id}, expect=list)))

    # Reference: hiker-doc v1/hashtags.md, GET /v1/hashtag/medias/recent/chunk?name=[&max_id=]
    def hashtag(self, hashtag: str, cursor: str | None = None) -> Page:
        params = params_with({"name": hashtag}, max_id=cursor)
        return lama.parse_hashtag_medias_chunk(self.get("/v1/hashtag/medias/recent/chunk", params, expect=list))

    def _profile(self, path: str, params: dict):
        try:
            return self.get(path, params)
        except UpstreamError as exc:
            if exc.status == 400:  # how these endpoints said "no such user" to the FastAPI Beat
                raise NotFound(exc.message, source=self.source, status=400, details=exc.details) from None
            raise

    @staticmethod
    def _users(profile_id: str, cursor: str | None) -> dict:
        return params_with({"user_id": profile_id}, end_cursor=cursor)

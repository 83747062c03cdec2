"""RocketAPI (source `rocketapi`, v1.rocketapi.io; the RapidAPI mirror has the same paths).

Every method is a POST with a JSON body and the header `Authorization: Token <t>` (the credential's
field), as the official `rocketapi-io/rocketapi-python` client sends them (tests/fixtures/README.md sections
6 and 8; the FastAPI Beat sent GET with a body for some, which the official clients never do). Ids are
numbers in the body. The answer is an envelope, HTTP 200 even when Instagram said 404: see
instagram.parsers.rocketapi (envelope, get_info, get_clips, get_info_by_shortcode **verified**;
get_media, get_followers / get_following, get_stories **partial**).
"""
from beat.errors import InvalidParams
from beat.providers import capabilities as cap
from instagram.parsers import rocketapi
from instagram.providers.base import InstagramProvider, params_with
from beat.flows.pagination import Page

MEDIA_COUNT = 12
FOLLOWERS_COUNT = 100  # the FastAPI Beat's page


class RocketAPI(InstagramProvider):
    source = "rocketapi"
    probe_request = ("POST", "/instagram/user/get_info", {"username": "nasa"})
    base_url_setting = "BEAT_ROCKETAPI_BASE_URL"
    capabilities = frozenset({cap.PROFILE, cap.POSTS, cap.REELS, cap.POST, cap.FOLLOWERS, cap.FOLLOWING,
                              cap.STORIES})

    def auth_headers(self) -> dict:
        token = str(self.credential.get("Authorization", ""))
        return {"Authorization": token if token.startswith("Token ") else f"Token {token}"}

    # Reference: rocketapi-python instagramapi.py get_user_info, POST /instagram/user/get_info {"username"}
    def profile_by_handle(self, handle: str):
        return rocketapi.parse_profile(self._call("/instagram/user/get_info", {"username": handle}))

    # Reference: rocketapi-python get_user_media, POST /instagram/user/get_media {"id", "count"[, "max_id"]}
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        body = params_with({"id": _number(profile_id), "count": MEDIA_COUNT}, max_id=cursor)
        return rocketapi.parse_posts(self._call("/instagram/user/get_media", body))

    # Reference: rocketapi-python get_user_clips, POST /instagram/user/get_clips {"id"[, "max_id"]}
    def reels(self, profile_id: str, cursor: str | None = None) -> Page:
        body = params_with({"id": _number(profile_id)}, max_id=cursor)
        return rocketapi.parse_reels(self._call("/instagram/user/get_clips", body))

    # Reference: rocketapi-python get_media_info_by_shortcode, POST /instagram/media/get_info_by_shortcode
    def post_by_shortcode(self, shortcode: str):
        return rocketapi.parse_post(self._call("/instagram/media/get_info_by_shortcode", {"shortcode": shortcode}))

    # Reference: rocketapi-python get_user_followers, POST /instagram/user/get_followers {"id", "count"[, "max_id"]}
    def followers(self, profile_id: str, cursor: str | None = None) -> Page:
        return rocketapi.parse_followers(self._call("/instagram/user/get_followers", self._users(profile_id, cursor)))

    # Reference: rocketapi-python get_user_following, POST /instagram/user/get_following (same body)
    def following(self, profile_id: str, cursor: str | None = None) -> Page:
        return rocketapi.parse_following(self._call("/instagram/user/get_following", self._users(profile_id, cursor)))

    # Reference: rocketapi-python get_user_stories, POST /instagram/user/get_stories {"ids": [<id>]}
    def stories(self, profile_id: str) -> list:
        raw = self._call("/instagram/user/get_stories", {"ids": [_number(profile_id)]})
        return list(rocketapi.parse_stories(raw, profile_id=profile_id))

    def _call(self, path: str, body: dict):
        return self.post(path, json=body)

    @staticmethod
    def _users(profile_id: str, cursor: str | None) -> dict:
        return params_with({"id": _number(profile_id), "count": FOLLOWERS_COUNT}, max_id=cursor)


def _number(profile_id) -> int:
    try:
        return int(profile_id)
    except (TypeError, ValueError):
        raise InvalidParams(f"an Instagram user id is a number, not {profile_id!r}") from None

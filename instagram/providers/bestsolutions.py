"""RapidAPI "Instagram API Cheap & Best performance" by Best Solutions (source `rapidapi-bestsolutions`).

Paths as the FastAPI Beat called them; the listing's ToolBench wrapper names the same
(tests/fixtures/README.md section 8). Shapes: see instagram.parsers.bestsolutions (**partial**: a flat mobile
user; a mobile feed paging on `next_max_id`). Beat's own budget for it is 2 calls a second.
"""
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from instagram.parsers import bestsolutions
from instagram.providers.base import EMPTY_PAGE, InstagramProvider, params_with
from beat.flows.pagination import Page


class BestSolutions(InstagramProvider, RapidAPIProvider):
    source = "rapidapi-bestsolutions"
    probe_request = ("GET", "/profile", {"username": "nasa"})
    base_url_setting = "BEAT_RAPIDAPI_BESTSOLUTIONS_BASE_URL"
    capabilities = frozenset({cap.PROFILE, cap.POSTS})

    # Reference: rapidapi.com/best-solutions-best-solutions-default/api/instagram-api-cheap-best-performance
    # GET /profile?username=
    def profile_by_handle(self, handle: str):
        return bestsolutions.parse_profile(self.get("/profile", {"username": handle}), handle=handle), EMPTY_PAGE

    # Reference: same listing, GET /profile?user_id=
    def profile_by_id(self, profile_id: str):
        raw = self.get("/profile", {"user_id": profile_id})
        return bestsolutions.parse_profile(raw, profile_id=profile_id), EMPTY_PAGE

    # Reference: same listing, GET /feed?user_id=[&next_max_id=]
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        return bestsolutions.parse_posts(self.get("/feed", params_with({"user_id": profile_id}, next_max_id=cursor)))

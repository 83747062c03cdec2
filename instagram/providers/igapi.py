"""RapidAPI "IGData" (source `rapidapi-igapi`, class IGApi in the FastAPI Beat, host igdata).

One endpoint, as the FastAPI Beat called it (tests/fixtures/README.md section 8): GET /web_followers.
Shape: see instagram.parsers.igapi (**partial**: known from the FastAPI Beat only). The API sometimes
answers an empty page without a cursor though more followers exist; that is an outage here, not the
end of the list, so fallback (or the queue) tries again.
"""
from beat.errors import UpstreamError
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from instagram.parsers import igapi
from instagram.providers.base import InstagramProvider, params_with
from beat.flows.pagination import Page


class IGApi(InstagramProvider, RapidAPIProvider):
    source = "rapidapi-igapi"
    probe_request = ("GET", "/web_followers", {"user_id": "528817150"})  # NASA
    base_url_setting = "BEAT_RAPIDAPI_IGAPI_BASE_URL"
    capabilities = frozenset({cap.FOLLOWERS})

    # Reference: rapidapi.com "IGData" (igdata), GET /web_followers?user_id=[&cursor=]. The FastAPI Beat
    # also sent an empty Accept-Encoding; "identity" is the standard way to ask for no compression.
    def followers(self, profile_id: str, cursor: str | None = None) -> Page:
        raw = self.get("/web_followers", params_with({"user_id": profile_id}, cursor=cursor),
                       headers={"Accept-Encoding": "identity"})
        page = igapi.parse_followers(raw)
        if igapi.looks_truncated(raw, page):
            raise UpstreamError("igapi answered an empty page without a cursor for a large account",
                                source=self.source, details={"reason": "truncated_page"})
        return page

"""RapidAPI NeoTank "Instagram" (source `rapidapi-neotank`, host instagram130).

Paths as the FastAPI Beat called them, `first`/`after` as its ToolBench wrapper names them
(tests/fixtures/README.md section 8). Shapes: see instagram.parsers.neotank (**verified**: /account-info is
the web GraphQL user without a wrapper, 404 for an unknown username; /account-medias a bare web
connection). /username-by-id is not used: its body was never seen, so there is no profile by id here.
"""
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from instagram.parsers import neotank
from instagram.providers.base import InstagramProvider, params_with
from beat.flows.pagination import Page

FIRST = 80  # the FastAPI Beat's page size


class NeoTank(InstagramProvider, RapidAPIProvider):
    source = "rapidapi-neotank"
    probe_request = ("GET", "/account-info", {"username": "nasa"})
    base_url_setting = "BEAT_RAPIDAPI_NEOTANK_BASE_URL"
    capabilities = frozenset({cap.PROFILE, cap.POSTS})

    # Reference: rapidapi.com NeoTank "Instagram" (instagram130), GET /account-info?username=
    def profile_by_handle(self, handle: str):
        return neotank.parse_profile(self.get("/account-info", {"username": handle}), handle=handle)

    # Reference: same listing, GET /account-medias?userid=&first=[&after=]
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        return neotank.parse_posts(self.get("/account-medias", params_with({"userid": profile_id, "first": FIRST},
                                                                            after=cursor)))

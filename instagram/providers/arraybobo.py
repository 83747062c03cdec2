"""RapidAPI "Instagram Scraper 2022" by arraybobo (source `rapidapi-arraybobo`, host instagram-scraper-2022).

Paths (with their trailing slashes) as the FastAPI Beat and a public PHP client called them
(tests/fixtures/README.md section 8). Shapes: see instagram.parsers.arraybobo (info, posts, reels
**verified** keys; post_info and stories **partial**; tagged **unverified**, no body seen).
"""
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from instagram.parsers import arraybobo
from instagram.providers.base import EMPTY_PAGE, InstagramProvider, params_with
from beat.flows.pagination import Page


class ArrayBobo(InstagramProvider, RapidAPIProvider):
    source = "rapidapi-arraybobo"
    probe_request = ("GET", "/ig/info_username/", {"user": "nasa"})
    base_url_setting = "BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL"
    capabilities = frozenset({cap.PROFILE, cap.POSTS, cap.POST, cap.REELS, cap.TAGGED, cap.STORIES})

    # Reference: rapidapi.com/arraybobo/api/instagram-scraper-2022 GET /ig/info_username/?user=
    def profile_by_handle(self, handle: str):
        return arraybobo.parse_profile(self.get("/ig/info_username/", {"user": handle}), handle=handle), EMPTY_PAGE

    # Reference: same listing, GET /ig/info/?id_user=
    def profile_by_id(self, profile_id: str):
        raw = self.get("/ig/info/", {"id_user": profile_id})
        return arraybobo.parse_profile(raw, profile_id=profile_id), EMPTY_PAGE

    # Reference: same listing, GET /ig/posts/?id_user=[&end_cursor=] (12 a page)
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        return arraybobo.parse_posts(self.get("/ig/posts/", params_with({"id_user": profile_id}, end_cursor=cursor)))

    # Reference: same listing, GET /ig/post_info/?shortcode=
    def post_by_shortcode(self, shortcode: str):
        return arraybobo.parse_post(self.get("/ig/post_info/", {"shortcode": shortcode}), shortcode=shortcode)

    # Reference: same listing, GET /ig/reels_posts/?id_user=[&max_id=]
    def reels(self, profile_id: str, cursor: str | None = None) -> Page:
        return arraybobo.parse_reels(self.get("/ig/reels_posts/", params_with({"id_user": profile_id}, max_id=cursor)))

    # Reference: same listing, GET /ig/tagged/?id_user=[&end_cursor=]
    def tagged(self, profile_id: str, cursor: str | None = None) -> Page:
        return arraybobo.parse_tagged(self.get("/ig/tagged/", params_with({"id_user": profile_id}, end_cursor=cursor)))

    # Reference: same listing, GET /ig/stories/?id_user=
    def stories(self, profile_id: str) -> list:
        return list(arraybobo.parse_stories(self.get("/ig/stories/", {"id_user": profile_id}), profile_id=profile_id))

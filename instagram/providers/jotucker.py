"""RapidAPI "Instagram Scraper" by JoTucker (source `rapidapi-jotucker`, host instagram-scraper2).

Paths and parameters as the FastAPI Beat called them (tests/fixtures/README.md section 8), cursors as its
ToolBench wrapper names them (`max_id` for medias_v2, `next_cursor` elsewhere; batch_size at most 50).
Shapes: see instagram.parsers.jotucker (user info, medias_v2, media_info_v2 **verified** keys;
followers **partial**; likers, comments and hashtag medias known only from the FastAPI Beat's reads:
**unverified**, no public sample body).
"""
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from instagram.parsers import jotucker, web_shape
from instagram.parsers.common import dig
from instagram.providers.base import EMPTY_PAGE, InstagramProvider, params_with
from beat.flows.pagination import Page

BATCH = 50


class JoTucker(InstagramProvider, RapidAPIProvider):
    source = "rapidapi-jotucker"
    probe_request = ("GET", "/user_info_by_id", {"user_name": "nasa"})
    base_url_setting = "BEAT_RAPIDAPI_JOTUCKER_BASE_URL"
    capabilities = frozenset({cap.PROFILE, cap.POSTS, cap.POST, cap.FOLLOWERS, cap.FOLLOWING, cap.COMMENTS,
                              cap.LIKERS, cap.HASHTAG})

    # Reference: rapidapi.com/JoTucker/api/instagram-scraper2 GET /user_info_by_id?user_name= (same path by handle)
    def profile_by_handle(self, handle: str):
        return jotucker.parse_profile(self.get("/user_info_by_id", {"user_name": handle}), handle=handle), EMPTY_PAGE

    # Reference: same listing, GET /user_info_by_id?user_id=
    def profile_by_id(self, profile_id: str):
        raw = self.get("/user_info_by_id", {"user_id": profile_id})
        return jotucker.parse_profile(raw, profile_id=profile_id), EMPTY_PAGE

    # Reference: same listing, GET /medias_v2?user_id=&batch_size=[&max_id=]
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        return jotucker.parse_posts(self.get("/medias_v2", params_with({"user_id": profile_id, "batch_size": BATCH},
                                                                  max_id=cursor)))

    # Reference: same listing, GET /media_info_v2?short_code=
    def post_by_shortcode(self, shortcode: str):
        return jotucker.parse_post(self.get("/media_info_v2", {"short_code": shortcode}))

    # Reference: same listing, GET /followers?user_id=&batch_size=[&next_cursor=]
    def followers(self, profile_id: str, cursor: str | None = None) -> Page:
        return jotucker.parse_followers(self.get("/followers", self._user_page(profile_id, cursor)))

    # Reference: same listing, GET /following?user_id=&batch_size=[&next_cursor=]
    def following(self, profile_id: str, cursor: str | None = None) -> Page:
        return jotucker.parse_following(self.get("/following", self._user_page(profile_id, cursor)))

    # Reference: same listing, GET /media_comments?short_code=&batch_size=[&next_cursor=]
    def comments(self, shortcode: str, cursor: str | None = None, *, post_id: str | None = None) -> Page:
        raw = self.get("/media_comments", self._media_page(shortcode, cursor))
        return jotucker.parse_comments(raw, shortcode=shortcode)

    # Reference: same listing, GET /media_likers?short_code=&batch_size=[&next_cursor=]
    def likers(self, shortcode: str, cursor: str | None = None) -> Page:
        raw = self.get("/media_likers", self._media_page(shortcode, cursor))
        return jotucker.parse_likers(raw, shortcode=shortcode)

    # Reference: same listing, GET /hash_tag_medias_v2?hash_tag=&batch_size=[&next_cursor=]; the answer is
    # Instagram's web hashtag page, `data.hashtag.edge_hashtag_to_ranked_media` (as the FastAPI Beat read it).
    def hashtag(self, hashtag: str, cursor: str | None = None) -> Page:
        params = params_with({"hash_tag": hashtag, "batch_size": BATCH}, next_cursor=cursor)
        raw = self.get("/hash_tag_medias_v2", params)
        return web_shape.parse_timeline(dig(raw, "data", "hashtag", "edge_hashtag_to_ranked_media", default={}))

    @staticmethod
    def _media_page(shortcode: str, cursor: str | None) -> dict:
        return params_with({"short_code": shortcode, "batch_size": BATCH}, next_cursor=cursor)

    @staticmethod
    def _user_page(profile_id: str, cursor: str | None) -> dict:
        return params_with({"user_id": profile_id, "batch_size": BATCH}, next_cursor=cursor)

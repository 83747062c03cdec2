"""Instagram Graph API (Instagram API with Facebook Login), source `graphapi`.

Credential {token, user_id}: the token goes as the `access_token` query parameter, and user_id (the
caller's own IG professional account id) is the node in the path. business_discovery reads any
professional account through it; stories, comments and insights only work on the token owner's own
account, so those operations use the handle's own credential (own_credential_operations).
debug_token checks a token (instagram.validators).
Shapes: developers.facebook.com reference pages for ig-user/business_discovery, ig-user/stories,
ig-user/insights, instagram-media/insights, ig-hashtag-search, ig-hashtag/top_media and
ig-media/comments; `sns-sdks/python-facebook` testdata (tests/fixtures/README.md section 1). Confidence:
business discovery, stories, hashtag search / media, comment fields, media insights **verified**;
follower demographics and the reels / story metric lists **partial** (docs, no sample bodies).
"""
import re

from beat.errors import BadResponse, InvalidParams, UpstreamRejected
from beat.handles import normal_handle
from beat.providers import capabilities as cap
from instagram.parsers import graph
from instagram.providers.base import (AUDIENCE_INSIGHTS, COMMENTS, POST_INSIGHTS, STORIES, STORY_INSIGHTS,
                                      InstagramProvider, params_with)
from beat.flows.pagination import Page

MEDIA_FIELDS = ("id,caption,comments_count,like_count,media_type,media_product_type,media_url,thumbnail_url,"
                "permalink,timestamp")
PROFILE_FIELDS = ("biography,followers_count,follows_count,media_count,name,username,profile_picture_url,website,"
                  "ig_id,id")
STORY_FIELDS = "id,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp"
COMMENT_FIELDS = "id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}"
HASHTAG_FIELDS = "id,media_type,comments_count,like_count,caption,permalink,timestamp"
PAGE_SIZE = 25  # Graph's default page for media, comments and hashtag media
# Metrics by post type, as the v22 docs list them (impressions, plays and video_views are retired).
FEED_METRICS = "reach,likes,comments,saved,shares,total_interactions,views"
METRICS = {
    "image": FEED_METRICS,
    "carousel": FEED_METRICS,
    "reels": "reach,views,likes,comments,saved,shares,total_interactions,ig_reels_avg_watch_time,"
             "ig_reels_video_view_total_time",
    "story": "reach,views,replies,shares,total_interactions,follows,profile_visits,navigation",
}
# The demographics metrics Meta's insights reference still lists (reached_audience_demographics is no
# longer in its metric table; its past answers are still parsed). Asked one metric and one breakdown a
# request: one refused metric fails a combined request, and must not lose the others.
AUDIENCES = ("follower_demographics", "engaged_audience_demographics")
AUDIENCE_BREAKDOWNS = ("country", "city", "age,gender")
AUDIENCE_TIMEFRAME = "this_month"  # since v20 only this_week / this_month are served for demographics
_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_CURSOR = re.compile(r"^[A-Za-z0-9_=-]+$")
_GRAPH_ID = re.compile(r"^[0-9]{1,30}$")


def graph_id(value, what: str) -> str:
    """A Graph node id, checked before it goes into a path: Graph ids are numbers, so no value can
    reach another node or edge (me/accounts, ?fields=...)."""
    text = str(value)
    if not _GRAPH_ID.match(text):
        raise InvalidParams(f"{what} is not a Graph id: {text[:40]!r}")
    return text


class GraphAPI(InstagramProvider):
    source = "graphapi"
    base_url_setting = "BEAT_GRAPHAPI_BASE_URL"
    error_family = "graph"
    capabilities = frozenset({cap.PROFILE, cap.POSTS, cap.STORIES, cap.COMMENTS, cap.HASHTAG, cap.INSIGHTS})
    own_credential_operations = frozenset({STORIES, COMMENTS, POST_INSIGHTS, STORY_INSIGHTS, AUDIENCE_INSIGHTS})

    def auth_headers(self) -> dict:
        return {}  # never the credential's fields as headers: the token is a query parameter

    def auth_params(self) -> dict:
        return {"access_token": self.credential["token"]}

    @property
    def user_id(self) -> str:
        """The credential's own IG professional account id: the node every call starts from."""
        return graph_id(self.credential["user_id"], "the credential's user_id")

    # Reference: developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging
    def debug_token(self, inspector: str | None = None) -> dict:
        """What Graph says about this credential's token (`data`: is_valid, scopes, expiry). An app token
        ("APPID|APPSECRET") inspects any token of the app; without one the token inspects itself."""
        params = {"input_token": self.credential["token"], **({"access_token": inspector} if inspector else {})}
        answer = self.get("/debug_token", params, endpoint="/debug_token", expect=dict)
        data = answer.get("data")
        if not isinstance(data, dict) or "is_valid" not in data:
            raise BadResponse("graphapi GET /debug_token: no data.is_valid in the answer", source=self.source)
        return data

    # Reference: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/
    # business_discovery
    def profile_by_handle(self, handle: str):
        return graph.parse_business_discovery(self._discover(handle, f"media.limit({PAGE_SIZE}){{{MEDIA_FIELDS}}}"))

    # Reference: same; the media edge pages with media.after(<cursor>) (paging has cursors only)
    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        if not handle:
            raise InvalidParams("graphapi reads posts through business_discovery, by handle only")
        if cursor and not _CURSOR.match(cursor):
            raise InvalidParams("not a Graph API cursor")  # it is spliced into the field list too
        after = f".after({cursor})" if cursor else ""
        media = f"media{after}.limit({PAGE_SIZE}){{{MEDIA_FIELDS}}}"
        return graph.parse_business_discovery(self._discover(handle, media, profile_fields="username,ig_id,id"))[1]

    # Reference: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories
    def stories(self, profile_id: str) -> list:
        raw = self.get(f"/{self.user_id}/stories", {"fields": STORY_FIELDS})
        return list(graph.parse_stories(raw, profile_id=profile_id).items)

    # Reference: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
    def comments(self, shortcode: str, cursor: str | None = None, *, post_id: str | None = None) -> Page:
        if not post_id:
            raise InvalidParams("graphapi reads comments by media id: post_id is needed")
        params = params_with({"fields": COMMENT_FIELDS, "limit": PAGE_SIZE}, after=cursor)
        raw = self.get(f"/{graph_id(post_id, 'post_id')}/comments", params)
        return graph.parse_media_comments(raw, shortcode=shortcode, post_id=post_id)

    # Reference: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-hashtag-search
    # and .../ig-hashtag/top-media. The cursor carries the hashtag id, so later pages skip the search
    # (each search counts against the 30 unique hashtags a week).
    def hashtag(self, hashtag: str, cursor: str | None = None) -> Page:
        if cursor and ":" in cursor:
            hashtag_id, after = cursor.split(":", 1)
        else:
            search = self.get("/ig_hashtag_search", {"user_id": self.user_id, "q": hashtag})
            hashtag_id, after = graph.parse_hashtag_search(search), None
        params = params_with({"user_id": self.user_id, "fields": HASHTAG_FIELDS, "limit": PAGE_SIZE}, after=after)
        page = graph.parse_hashtag_media(self.get(f"/{graph_id(hashtag_id, 'hashtag id')}/top_media", params))
        return Page(items=page.items, next_cursor=f"{hashtag_id}:{page.next_cursor}" if page.has_more else None,
                    has_more=page.has_more)

    # Reference: developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
    def post_insights(self, post_id: str, post_type: str):
        if post_type == "story":
            return self.story_insights(post_id)
        if post_type not in METRICS:
            raise InvalidParams(f"no Graph insights metrics for post type {post_type!r}")
        raw = self.get(f"/{graph_id(post_id, 'post_id')}/insights", {"metric": METRICS[post_type]})
        return graph.parse_media_insights(raw, post_id=post_id)

    # Reference: same page, story metrics; taps and exits come from navigation's
    # story_navigation_action_type breakdown, which Graph serves on its own request.
    def story_insights(self, story_id: str):
        node = graph_id(story_id, "story_id")
        totals = self.get(f"/{node}/insights", {"metric": METRICS["story"]})
        navigation = self.get(f"/{node}/insights", {"metric": "navigation", "metric_type": "total_value",
                                                        "breakdown": "story_navigation_action_type"})
        merged = {"data": list(totals.get("data") or []) + list(navigation.get("data") or [])}
        return graph.parse_story_insights(merged, post_id=story_id)

    # Reference: developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights
    # (follower / reached / engaged audience demographics, metric_type=total_value, one breakdown a request)
    def audience_insights(self):
        params = {"period": "lifetime", "metric_type": "total_value", "timeframe": AUDIENCE_TIMEFRAME}
        raws, refused = [], None
        for metric in AUDIENCES:
            for breakdown in AUDIENCE_BREAKDOWNS:
                try:
                    raws.append(self.get(f"/{self.user_id}/insights",
                                         {**params, "metric": metric, "breakdown": breakdown}))
                except UpstreamRejected as exc:  # this metric or breakdown refused (error 100): the rest stands
                    refused = exc
        if not raws and refused is not None:
            raise refused
        return graph.parse_user_insights_demographics(*raws)

    def _discover(self, handle: str, media: str, profile_fields: str = PROFILE_FIELDS) -> dict:
        handle = normal_handle(handle) or ""
        if not _HANDLE.match(handle):
            raise InvalidParams(f"not an Instagram handle: {handle!r}")  # it is spliced into the field list
        fields = f"business_discovery.username({handle}){{{profile_fields},{media}}}"
        return self.get(f"/{self.user_id}", {"fields": fields})

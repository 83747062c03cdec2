"""Issue 12: the profile, post and insights answers as the FastAPI Beat served them, each compared
whole with hand-written JSON, after the real flows read the fixtures from the fake upstream.

Only `updated_at` (when Beat last heard from upstream) is not written by hand: it is checked to be a
timestamp of the test's run, then compared as such. Long CDN URLs are named by the fixture they come
from, so that each expectation says which upstream field it is."""
import math
from datetime import datetime, timedelta, timezone

import pytest

from credentials.services import credential_upsert
from instagram.models import InstagramAccount, InstagramPost, ProfileLog
from tests.instagram.test_flows_kit import GRAPH, ME, NASA, NODE, credential, fixture, run_flow

pytestmark = pytest.mark.django_db

DISCOVERY = fixture("instagram_graph/business_discovery.json")["business_discovery"]
PHOTO, REEL, ALBUM = DISCOVERY["media"]["data"]  # DAx1bC2yZ3q (image), DAu9kLmNoPq (reels), DArTuVwXyZa (carousel)
BOBO = fixture("rapidapi/arraybobo_info_username.json")["user"]
OTHER_TOKEN = {"token": "EAAOtherAccountsToken0123456789", "user_id": "17841400000000001"}


def answered_now(answer: dict, *keys) -> dict:
    """The answer with the updated_at at `keys` checked (set by this run) and replaced by "now"."""
    node = answer
    for key in keys[:-1]:
        node = node[key]
    stamp = datetime.fromisoformat(node[keys[-1]].replace("Z", "+00:00"))
    assert abs(datetime.now(timezone.utc) - stamp) < timedelta(minutes=5)
    node[keys[-1]] = "now"
    return answer


# --- the Graph profile of nasa with its three posts (points 1 to 5) ---

@pytest.fixture
def graph_profile(upstream, api):
    credential("graphapi")
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert task.status == "COMPLETE", task.error
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa?full_refresh=true")
    assert response.status_code == 200, response.content
    answer = answered_now(response.json(), "profile", "updated_at")
    for post in answer["profile"]["recent_posts"]:
        answered_now(post, "updated_at")
    return answer


# --- a mobile-shape profile (point 7): arraybobo's info_username ---

@pytest.fixture
def mobile_profile(upstream, api):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert task.status == "COMPLETE", task.error
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 200, response.content
    return answered_now(response.json(), "profile", "updated_at")


# --- a live video story with a sponsor, read from arraybobo's stories (point 6) ---

STORY_PK = "3473931177263390817"
STORY_REEL = {"reels": {NASA: {"user": {"pk": int(NASA), "username": "nasa"}, "items": [{
    "pk": STORY_PK, "id": f"{STORY_PK}_{NASA}", "taken_at": 1757927642, "media_type": 2,
    "image_versions2": {"candidates": [{"url": "https://cdn.example/story-cover.jpg"}]},
    "video_versions": [{"url": "https://cdn.example/story.mp4"}], "video_duration": 9.5,
    "story_hashtags": [{"hashtag": {"name": "ArtemisII"}}],
    "sponsor_tags": [{"sponsor": {"pk": 7410852, "username": "acme.outdoor"}}],
    "reel_mentions": [{"user": {"username": "nasawebb"}}], "is_paid_partnership": True}]}}}


@pytest.fixture
def story(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/stories/", body=STORY_REEL)
    task = run_flow("refresh_story_posts_by_profile_id", {"profile_id": NASA, "handle": "nasa"})
    assert task.status == "COMPLETE", task.error
    return task


def post_answer(api, shortcode):
    response = api.get(f"/posts/INSTAGRAM/byshortcode/{shortcode}")
    assert response.status_code == 200, response.content
    return answered_now(response.json(), "post", "updated_at")


# --- the audience of nasa, with the handle's own Graph token (points 8 and 9) ---

@pytest.fixture
def audience(upstream, account):
    from tests.instagram.test_providers_graphapi import timeframe_answers

    credential_upsert(source="graphapi", handle="nasa", owner=account, credentials=GRAPH)
    # business discovery (the handle's profile, looked up first) goes through a credential of another account
    credential_upsert(source="graphapi", handle="other", credentials=OTHER_TOKEN)
    upstream.route("GET", f"/v21.0/{OTHER_TOKEN['user_id']}", fixture="instagram_graph/business_discovery.json")
    timeframe_answers(upstream)
    task = run_flow("refresh_profile_insights", {"handle": "nasa"})
    assert task.status == "COMPLETE", task.error
    return task


# --- expected answers, written by hand from the fixtures ---

FOLLOWERS = 97831245
# engagement rates: (likes + comments) / followers x 100
PHOTO_ER = (612047 + 1843) / FOLLOWERS * 100  # 0.627498914073924
REEL_ER = (389554 + 2210) / FOLLOWERS * 100  # 0.4004487523387851
ALBUM_ER = (274310 + 956) / FOLLOWERS * 100  # 0.28136818661563595
# no reach stored: (7.6 - 0.7 x log10 likes) x 0.85 x likes, truncated; a reel without plays: 0
PHOTO_REACH, ALBUM_REACH = 1846461, 884442


def graph_post(media, *, post_type, content_type, reach, rate, url, hashtags, keywords, display, thumbnail, video):
    return {
        "data_provider": "graphapi", "shortcode": url.rstrip("/").rsplit("/", 1)[1], "post_id": media["id"],
        "post_type": post_type, "content_type": content_type,
        "metrics": {"reach": reach, "reach_estimated": True, "views": None, "likes": media["like_count"],
                    "play_count": None, "comments": media["comments_count"]},
        "caption": media["caption"], "publish_time": media["timestamp"].replace("+0000", "Z"),
        "profile_id": NASA, "handle": "nasa", "thumbnail_url": thumbnail, "display_url": display, "video_url": video,
        "post_url": url, "engagement_rate": rate, "hashtags": hashtags, "mentions": None, "keywords": keywords,
        "updated_at": "now",
    }


PHOTO_POST = graph_post(PHOTO, post_type="image", content_type="FEED", reach=PHOTO_REACH, rate=0.627498914073924,
                        url="https://www.instagram.com/p/DAx1bC2yZ3q/", hashtags=["space", "webb"],
                        keywords=["captured", "infrared", "nursery", "stellar"],
                        display=PHOTO["media_url"], thumbnail=PHOTO["media_url"], video=None)
# a reel: display_url is the mp4 (media_url), thumbnail_url the cover, video_url the mp4
REEL_POST = graph_post(REEL, post_type="reels", content_type="REELS", reach=0, rate=0.4004487523387851,
                       url="https://www.instagram.com/reel/DAu9kLmNoPq/", hashtags=None,
                       keywords=["liftoff", "bio", "watch", "full", "launch"],
                       display=REEL["media_url"], thumbnail=REEL["thumbnail_url"], video=REEL["media_url"])
ALBUM_POST = graph_post(ALBUM, post_type="carousel", content_type="FEED", reach=ALBUM_REACH, rate=0.28136818661563595,
                        url="https://www.instagram.com/p/DArTuVwXyZa/", hashtags=None,
                        keywords=["earth", "week", "station", "views", "swipe"],
                        display=ALBUM["media_url"], thumbnail=ALBUM["media_url"], video=None)

GRAPH_PROFILE = {"profile": {
    "platform": "INSTAGRAM", "handle": "nasa", "fbid": "17841400237871380", "profile_id": NASA,
    "profile_pic_url": DISCOVERY["profile_picture_url"],
    "biography": "Exploring the universe and our home planet. \U0001f680\U0001f30e", "following": 84,
    "followers": 97831245, "full_name": "NASA", "is_private": None, "is_verified": None, "category": None,
    "updated_at": "now",
    "post_metrics": {
        # three posts (no trimming under five), unrounded
        "all": {"avg_likes": 425303.6666666667, "avg_comments": 1669.6666666666667, "avg_reach": 910301.0,
                "avg_engagement": 0.436438617676115, "avg_reels_plays": 0.0},
        "static": {"avg_likes": 443178.5, "avg_comments": 1399.5, "avg_reach": 1365451.5,
                   "avg_engagement": 0.45443355034477995},
        "reels": {"avg_likes": 389554.0, "avg_comments": 2210.0, "avg_reach": 0.0,
                  "avg_engagement": 0.4004487523387851, "avg_plays": 0.0},
        # round(-0.000025017 x 97831245 + 1.11 x (97831245 x |log2(0.40044875 + 2)| x 2 / 100)), the reels' ER
        "story": {"avg_reach": 2741264.0},
    },
    "recent_posts": [PHOTO_POST, REEL_POST, ALBUM_POST],
    "gpt": {},  # enrichment's key: no GPT answer stored for nasa
    "profile_type": "business_or_creator", "media_count": 4312, "state": "ok",
}}


def test_point_1_a_full_profile_answer_has_the_story_reach_from_the_reels_engagement(graph_profile):
    assert graph_profile == GRAPH_PROFILE
    reach = -0.000025017 * FOLLOWERS + 1.11 * (FOLLOWERS * abs(math.log2(REEL_ER + 2)) * 2 / 100)
    assert graph_profile["profile"]["post_metrics"]["story"] == {"avg_reach": float(round(reach))}


def test_point_1_without_reels_the_story_reach_comes_from_all_posts(upstream, api):
    credential("graphapi")
    body = fixture("instagram_graph/business_discovery.json")
    body["business_discovery"]["media"]["data"] = [PHOTO, ALBUM]
    upstream.route("GET", NODE, body=body)
    assert run_flow("refresh_profile_basic", {"handle": "nasa"}).status == "COMPLETE"
    metrics = api.get("/profiles/INSTAGRAM/byhandle/nasa?full_refresh=true").json()["profile"]["post_metrics"]
    assert metrics["reels"] == {"avg_likes": None, "avg_comments": None, "avg_reach": None, "avg_engagement": None,
                                "avg_plays": None}
    everything = (PHOTO_ER + ALBUM_ER) / 2
    reach = -0.000025017 * FOLLOWERS + 1.11 * (FOLLOWERS * abs(math.log2(everything + 2)) * 2 / 100)
    assert metrics["story"] == {"avg_reach": float(round(reach))}


def test_point_2_averages_are_served_unrounded(graph_profile):
    assert graph_profile == GRAPH_PROFILE
    assert graph_profile["profile"]["post_metrics"]["all"]["avg_likes"] == 1275911 / 3  # 425303.666..., not .67


def test_point_3_a_graph_business_discovery_profile_is_business_or_creator(graph_profile):
    assert graph_profile == GRAPH_PROFILE
    assert InstagramAccount.objects.get(profile_id=NASA).profile_type is None  # Graph never says which


def test_point_3_a_profile_with_no_type_and_not_professional_is_personal(upstream, api):
    credential("rapidapi-arraybobo")
    body = fixture("rapidapi/arraybobo_info_username.json")
    for key in ("account_type", "is_business"):
        del body["user"][key]
    upstream.route("GET", "/ig/info_username/", body=body)
    assert run_flow("refresh_profile_basic", {"handle": "nasa"}).status == "COMPLETE"
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa").json()["profile"]["profile_type"] == "personal"


def test_point_4_each_recent_post_carries_its_engagement_rate_and_permalink(graph_profile):
    assert graph_profile == GRAPH_PROFILE
    assert [(p["engagement_rate"], p["post_url"]) for p in graph_profile["profile"]["recent_posts"]] == [
        (PHOTO_ER, PHOTO["permalink"]), (REEL_ER, REEL["permalink"]), (ALBUM_ER, ALBUM["permalink"])]


def test_point_5_the_post_answer_of_a_reel_has_its_mp4_as_display_url(graph_profile, api):
    assert post_answer(api, "DAu9kLmNoPq") == {"post": REEL_POST}
    assert REEL_POST["display_url"].split("?")[0].endswith(".mp4") and REEL_POST["thumbnail_url"] == REEL["thumbnail_url"]


def test_point_6_a_story_is_answered_as_image_or_video_and_keeps_sponsors_and_hashtag_case(story, api):
    assert post_answer(api, STORY_PK) == {"post": {
        "data_provider": "rapidapi-arraybobo", "shortcode": STORY_PK, "post_id": STORY_PK, "post_type": "story",
        "content_type": "video",
        "metrics": {"reach": None, "reach_estimated": False, "views": None, "likes": None, "play_count": None,
                    "comments": None},
        "caption": None, "publish_time": "2025-09-15T09:14:02Z", "profile_id": NASA, "handle": "nasa",
        "thumbnail_url": "https://cdn.example/story-cover.jpg", "display_url": "https://cdn.example/story.mp4",
        "video_url": "https://cdn.example/story.mp4",
        "post_url": "https://www.instagram.com/stories/nasa/3473931177263390817/",
        "engagement_rate": None,  # the owner's followers are not stored: unknown, never 0
        "hashtags": None, "mentions": ["nasawebb"], "keywords": None, "updated_at": "now"}}
    row = InstagramPost.objects.get(shortcode=STORY_PK)
    assert (row.sponsor_ids, row.story_hashtags, row.is_paid_partnership) == (["7410852"], ["ArtemisII"], True)


def test_point_7_a_mobile_profile_keeps_fbid_category_id_and_the_business_flags(mobile_profile):
    assert mobile_profile == {"profile": {
        "platform": "INSTAGRAM", "handle": "nasa", "fbid": "117381402990416", "profile_id": NASA,
        "profile_pic_url": BOBO["hd_profile_pic_url_info"]["url"],
        "biography": "Exploring the universe and our home planet. \U0001f680\U0001f30e", "following": 84,
        "followers": 97831245, "full_name": "NASA", "is_private": False, "is_verified": True,
        "category": "Government Organization", "updated_at": "now", "post_metrics": None, "recent_posts": None, "gpt": None,
        "profile_type": "business", "media_count": 4312, "state": "ok"}}
    row = InstagramAccount.objects.get(profile_id=NASA)
    stored = (row.fbid, row.category_id, row.is_business, row.is_professional, row.business_category)
    assert stored == ("117381402990416", "2612", True, True, None)
    snapshot = ProfileLog.objects.get(profile_id=NASA).dimensions  # what the profile events carry
    assert {k: snapshot.get(k) for k in ("fbid", "category_id", "is_business", "is_professional", "business_category")} == {
        "fbid": "117381402990416", "category_id": "2612", "is_business": True, "is_professional": True,
        "business_category": None}


def test_point_7_a_web_profile_carries_its_business_category(upstream, settings):
    credential("lama")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile_by_handle": ["lama"]}
    upstream.route("GET", "/a2/user", body={"graphql": {"user": {
        **fixture("lama/a2_user.json")["graphql"]["user"], "fbid": "117381402990416", "is_business_account": True,
        "is_professional_account": True, "business_category_name": "Government Agencies", "category_id": "2612"}}})
    assert run_flow("refresh_profile_basic", {"handle": "nasa"}).status == "COMPLETE"
    row = InstagramAccount.objects.get(profile_id=NASA)
    assert (row.fbid, row.category_id, row.is_business, row.is_professional, row.business_category) == (
        "117381402990416", "2612", True, True, "Government Agencies")


AUDIENCE = {
    "handle": "nasa", "profile_id": NASA, "fbid": ME,
    "follower": {
        "country": {"US": 40210, "IN": 18354, "BR": 6120},
        "city": {"Houston, Texas": 1502, "London, England": 1188},
        "gender_age": {"female": {"18-24": 4100, "25-34": 7002}, "male": {"18-24": 5120, "25-34": 8011},
                       "unknown": {"25-34": 389}},
    },
    "reached": None,  # no longer asked: Meta's metric table dropped reached_audience_demographics
    "engaged": {"country": {"US": 820, "IN": 310}},  # its city breakdown was refused, its gender-age empty
    "updated_at": "now",
}


def test_point_8_audience_gender_age_is_nested_by_gender(audience, api):
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa/audienceinsights")
    assert response.status_code == 200, response.content
    assert answered_now(response.json(), "data", "updated_at") == {"data": AUDIENCE}


def test_point_9_audience_insights_with_a_timeframe_and_a_refused_metric_answer_the_rest(audience, upstream, api):
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa/insights")
    assert response.status_code == 200, response.content
    answer = answered_now(answered_now(response.json(), "insights", "updated_at"), "profile", "updated_at")
    assert answer == {"insights": AUDIENCE, "profile": {
        "platform": "INSTAGRAM", "handle": "nasa", "fbid": "17841400237871380", "profile_id": NASA,
        "profile_pic_url": DISCOVERY["profile_picture_url"],
        "biography": "Exploring the universe and our home planet. \U0001f680\U0001f30e", "following": 84,
        "followers": 97831245, "full_name": "NASA", "is_private": None, "is_verified": None, "category": None,
        "updated_at": "now", "post_metrics": None, "recent_posts": None, "gpt": None, "profile_type": "business_or_creator",
        "media_count": 4312, "state": "ok"}}
    asked = [(c.query["metric"], c.query["breakdown"]) for c in upstream.calls("GET", f"{NODE}/insights")]
    assert asked == [(m, b) for m in ("follower_demographics", "engaged_audience_demographics")
                     for b in ("country", "city", "age,gender")]


def test_point_10_insights_of_a_scraped_story_reach_its_post_answer(story, upstream, account, api):
    from tests.instagram.test_flows_insights import story_insights_answers

    credential_upsert(source="graphapi", handle="nasa", owner=account, credentials=GRAPH)
    upstream.route("GET", f"{NODE}/stories", fixture="instagram_graph/stories.json")
    story_insights_answers(upstream, node="18044517263390817")  # the story's Graph media id in stories.json
    task = run_flow("refresh_story_insights", {"shortcode": STORY_PK, "handle": "nasa"})
    assert task.status == "COMPLETE", task.error
    assert post_answer(api, STORY_PK)["post"]["metrics"] == {
        "reach": 300, "reach_estimated": False, "views": None, "likes": None, "play_count": None, "comments": None}
    assert upstream.calls("GET", f"/v21.0/{STORY_PK}/insights") == []  # Graph error 100 before


def test_point_11_a_graph_profile_without_ig_id_is_answered_under_its_graph_id(upstream, api):
    credential("graphapi")
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery_without_ig_id.json")
    assert run_flow("refresh_profile_basic", {"handle": "nasa"}).status == "COMPLETE"
    answer = api.get("/profiles/INSTAGRAM/byhandle/nasa?full_refresh=true").json()
    answered_now(answer, "profile", "updated_at")
    for post in answer["profile"]["recent_posts"]:
        answered_now(post, "updated_at")
    graph_id = "17841400237871380"
    assert answer == {"profile": {
        **GRAPH_PROFILE["profile"], "profile_id": graph_id,
        "recent_posts": [{**post, "profile_id": graph_id} for post in (PHOTO_POST, REEL_POST, ALBUM_POST)]}}


def test_point_12_a_lama_profile_is_read_from_a2_user(upstream, api, settings):
    credential("lama")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile_by_handle": ["lama"]}
    upstream.route("GET", "/a2/user", fixture="lama/a2_user.json")
    assert run_flow("refresh_profile_basic", {"handle": "nasa"}).status == "COMPLETE"
    answer = answered_now(api.get("/profiles/INSTAGRAM/byhandle/nasa").json(), "profile", "updated_at")
    user = fixture("lama/a2_user.json")["graphql"]["user"]
    assert answer == {"profile": {
        "platform": "INSTAGRAM", "handle": "nasa", "fbid": None, "profile_id": NASA,
        "profile_pic_url": user["profile_pic_url_hd"],
        "biography": "Exploring the universe and our home planet. \U0001f680\U0001f30e", "following": 84,
        "followers": 97831245, "full_name": "NASA", "is_private": None, "is_verified": None, "category": None,
        "updated_at": "now", "post_metrics": None, "recent_posts": None, "gpt": None, "profile_type": "personal",
        "media_count": 4312, "state": "ok"}}
    assert [c.path for c in upstream.calls()] == ["/a2/user"]
    assert InstagramPost.objects.filter(profile_id=NASA).count() == 3


def test_point_13_the_graph_api_defaults_to_the_newest_version_of_metas_changelog():
    from beat import settings_upstreams

    # v27.0 was introduced on November 4, 2026; v21.0 is retired on January 21, 2027
    assert settings_upstreams.GRAPHAPI_DEFAULT_BASE_URL == "https://graph.facebook.com/v27.0"

"""lama (HikerAPI / LamaDava) and rocketapi against the fake upstream."""
import pytest

from beat.errors import AuthFailed, InvalidParams, NotFound, Private, RateLimited, UpstreamError
from instagram.providers import Lama, RocketAPI
from tests.instagram.test_providers import LAMA, NASA, ROCKET, fixture_json

pytestmark = pytest.mark.django_db
REEL, PHOTO = "DGsL4rTR2mQ", "DGj8VwXsAb1"
CHUNK_CURSOR = "3705555555555555555_528817150"


def lama_sent(upstream, path):
    (call,) = upstream.calls("GET", path)
    assert call.headers["x-access-key"] == LAMA["x-access-key"] and "access_key" not in call.query
    return call.query


def rocket_sent(upstream, path):
    (call,) = upstream.calls("POST", path)
    assert call.headers["authorization"] == ROCKET["Authorization"]
    assert call.headers["content-type"] == "application/json" and call.query == {}
    return call.json


# --- lama ---

def test_lama_reads_the_a2_web_profile_the_reference_documents_with_its_recent_posts(upstream):
    upstream.route("GET", "/a2/user", fixture="lama/a2_user.json")
    upstream.route("GET", "/a1/user", fixture="lama/a1_user.json")  # retired: never asked
    profile, posts = Lama(LAMA).profile_by_handle("nasa")
    assert lama_sent(upstream, "/a2/user") == {"username": "nasa"} and upstream.calls("GET", "/a1/user") == []
    # the reference sample has no username: the handle asked is the profile's
    assert (profile.profile_id, profile.handle, profile.followers) == (NASA, "nasa", 97831245)
    assert [(p.shortcode, p.post_type, p.profile_id, p.handle) for p in posts.items] == [
        (REEL, "reels", NASA, "nasa"), (PHOTO, "image", NASA, "nasa"), ("DGb2QxYuPq7", "carousel", NASA, "nasa")]
    assert posts.items[0].video_url.endswith("_demo.mp4?_nc_ht=scontent-iad3-2.cdninstagram.com")


def test_lama_reads_a_profile_by_id_from_v1(upstream):
    upstream.route("GET", "/v1/user/by/id", fixture="lama/v1_user_by_id.json")
    profile, posts = Lama(LAMA).profile_by_id(NASA)
    assert lama_sent(upstream, "/v1/user/by/id") == {"id": NASA}
    assert profile.handle == "nasa" and posts.items == ()


def test_lama_pages_posts_in_chunks_until_the_cursor_runs_out(upstream):
    upstream.route("GET", "/v1/user/medias/chunk", fixture="lama/v1_user_medias_chunk.json")
    upstream.route("GET", "/v1/user/medias/chunk", query={"end_cursor": CHUNK_CURSOR},
                   fixture="lama/v1_user_medias_chunk_last.json")
    first = Lama(LAMA).posts(NASA)
    last = Lama(LAMA).posts(NASA, first.next_cursor)
    first_query, last_query = (c.query for c in upstream.calls("GET", "/v1/user/medias/chunk"))
    # the current reference documents user_id and end_cursor only (max_amount dropped)
    assert first_query == {"user_id": NASA}
    assert last_query == {"user_id": NASA, "end_cursor": CHUNK_CURSOR}
    assert [p.post_type for p in first.items] == ["reels", "image", "carousel"] and first.has_more
    assert [p.shortcode for p in last.items] == ["DGS7mNpQr2x"] and not last.has_more and last.next_cursor is None


def test_lama_reads_a_post_from_v1_media_by_code_which_replaced_a1_media(upstream):
    code = fixture_json("lama/v1_media_by_code.json")["code"]
    upstream.route("GET", "/v1/media/by/code", fixture="lama/v1_media_by_code.json")
    post = Lama(LAMA).post_by_shortcode(code)
    assert lama_sent(upstream, "/v1/media/by/code") == {"code": code} and post.shortcode == code
    assert upstream.calls("GET", "/a1/media") == []


def test_lama_media_by_code_about_another_post_is_not_found(upstream):
    upstream.route("GET", "/v1/media/by/code", fixture="lama/v1_media_by_code.json")
    with pytest.raises(NotFound):
        Lama(LAMA).post_by_shortcode("AnotherOne1")


def test_lama_pages_following_and_followers_chunks(upstream):
    upstream.route("GET", "/gql/user/following/chunk", fixture="lama/gql_user_following_chunk.json")
    upstream.route("GET", "/gql/user/followers/chunk", fixture="lama/gql_user_following_chunk.json")
    following = Lama(LAMA).following(NASA)
    Lama(LAMA).followers(NASA, "F2")
    assert lama_sent(upstream, "/gql/user/following/chunk") == {"user_id": NASA}  # amount dropped by the client
    assert lama_sent(upstream, "/gql/user/followers/chunk") == {"user_id": NASA, "end_cursor": "F2"}
    assert [u.handle for u in following.items] == ["nasawebb", "iss", "nasa_jpl_demo"]
    assert following.next_cursor == "QVFEZm9sbG93aW5nX2RlbW9fY3Vyc29yX3BhZ2Uy"


def test_lama_reads_stories_and_hashtag_chunks(upstream):
    story = {"pk": "3473929102837465102", "id": "3473929102837465102_528817150", "code": "Dstory1", "media_type": 1,
             "taken_at": "2025-09-15T09:12:40Z", "user": {"pk": NASA, "username": "nasa"},
             "thumbnail_url": "https://cdn.example/s.jpg", "links": [], "hashtags": [], "mentions": [], "stickers": []}
    media = {"pk": "81", "id": "81_91", "code": "HASH2", "media_type": 8, "product_type": "carousel_container",
             "taken_at": "2025-09-14T12:01:55Z", "taken_at_ts": 1757851315, "caption_text": "ridge #hiking",
             "like_count": 5, "comment_count": 1, "user": {"pk": "91", "username": "hiker"}, "resources": []}
    upstream.route("GET", "/v1/user/stories", body=[story])
    upstream.route("GET", "/v1/hashtag/medias/recent/chunk", body=[[media], "H2"])
    stories = Lama(LAMA).stories(NASA)
    page = Lama(LAMA).hashtag("hiking", "H1")
    assert lama_sent(upstream, "/v1/user/stories") == {"user_id": NASA}
    assert lama_sent(upstream, "/v1/hashtag/medias/recent/chunk") == {"name": "hiking", "max_id": "H1"}
    assert [(s.shortcode, s.post_type) for s in stories] == [("3473929102837465102", "story")]
    assert [(p.shortcode, p.post_type, p.handle) for p in page.items] == [("HASH2", "carousel", "hiker")]
    assert page.next_cursor == "H2"


@pytest.mark.parametrize("fixture", ["error_404_user_not_found.json", "error_404_not_found.json"])
def test_lama_404_is_not_found(upstream, fixture):
    upstream.route("GET", "/a2/user", status=404, fixture=f"lama/{fixture}")
    with pytest.raises(NotFound):
        Lama(LAMA).profile_by_handle("nosuchuser")


@pytest.mark.parametrize("path,fetch", [("/a2/user", lambda p: p.profile_by_handle("nosuchuser")),
                                        ("/v1/user/by/id", lambda p: p.profile_by_id("1"))])
def test_lama_400_on_a_profile_is_not_found_as_the_fastapi_beat_read_it(upstream, path, fetch):
    upstream.route("GET", path, status=400, body={"detail": "Target user not found", "exc_type": "UserNotFound"})
    with pytest.raises(NotFound):
        fetch(Lama(LAMA))


def test_lama_400_elsewhere_stays_a_refusal(upstream):
    upstream.route("GET", "/v1/media/by/code", status=400, body={"detail": "bad code"})
    with pytest.raises(UpstreamError) as error:
        Lama(LAMA).post_by_shortcode("x")
    assert not isinstance(error.value, NotFound)


def test_lama_403_is_private_and_422_a_refusal(upstream):
    upstream.route("GET", "/v1/user/medias/chunk", status=403, body={"detail": "private", "exc_type": "PrivateError"})
    upstream.route("GET", "/gql/user/followers/chunk", status=422, fixture="lama/error_422_validation.json")
    with pytest.raises(Private):
        Lama(LAMA).posts(NASA)
    with pytest.raises(UpstreamError) as error:
        Lama(LAMA).followers(NASA)
    assert error.value.permanent


def test_lama_429_is_rate_limited_and_402_a_spent_balance(upstream):
    upstream.route("GET", "/a2/user", status=429, headers={"Retry-After": "9"}, body={"detail": "slow down"})
    upstream.route("GET", "/v1/media/by/code", status=402, body={"detail": "Payment required"})
    with pytest.raises(RateLimited) as error:
        Lama(LAMA).profile_by_handle("nasa")
    assert error.value.retry_after == 9
    with pytest.raises(AuthFailed):
        Lama(LAMA).post_by_shortcode(PHOTO)


# --- rocketapi ---

def test_rocketapi_posts_the_username_for_a_profile(upstream):
    upstream.route("POST", "/instagram/user/get_info", fixture="rapidapi/rocketapi_user_get_info.json")
    profile, posts = RocketAPI(ROCKET).profile_by_handle("nasa")
    assert rocket_sent(upstream, "/instagram/user/get_info") == {"username": "nasa"}
    assert profile.profile_id == NASA and profile.followers == 97831245 and posts.has_more


def test_rocketapi_sends_ids_as_numbers_and_cursors_as_max_id(upstream):
    upstream.route("POST", "/instagram/user/get_media", fixture="rapidapi/rocketapi_user_get_media.json")
    upstream.route("POST", "/instagram/user/get_clips", fixture="rapidapi/rocketapi_user_get_clips.json")
    posts = RocketAPI(ROCKET).posts(NASA)
    reels = RocketAPI(ROCKET).reels(NASA, "R2")
    assert rocket_sent(upstream, "/instagram/user/get_media") == {"id": 528817150, "count": 12}
    assert rocket_sent(upstream, "/instagram/user/get_clips") == {"id": 528817150, "max_id": "R2"}
    assert posts.next_cursor == CHUNK_CURSOR and len(posts.items) == 3
    assert [(p.shortcode, p.post_type) for p in reels.items] == [(REEL, "reels")]


def test_rocketapi_reads_a_post_by_shortcode(upstream):
    upstream.route("POST", "/instagram/media/get_info_by_shortcode",
                   fixture="rapidapi/rocketapi_media_get_info_by_shortcode.json")
    post = RocketAPI(ROCKET).post_by_shortcode(REEL)
    assert rocket_sent(upstream, "/instagram/media/get_info_by_shortcode") == {"shortcode": REEL}
    assert post.shortcode == REEL and post.post_type == "reels"


def test_rocketapi_pages_followers_and_following(upstream):
    upstream.route("POST", "/instagram/user/get_followers", fixture="rapidapi/rocketapi_user_get_followers.json")
    upstream.route("POST", "/instagram/user/get_following", fixture="rapidapi/rocketapi_user_get_followers.json")
    page = RocketAPI(ROCKET).followers(NASA)
    RocketAPI(ROCKET).following(NASA, "F2")
    assert rocket_sent(upstream, "/instagram/user/get_followers") == {"id": 528817150, "count": 100}
    assert rocket_sent(upstream, "/instagram/user/get_following") == {"id": 528817150, "count": 100, "max_id": "F2"}
    assert [u.handle for u in page.items] == ["stargazer.demo", "orbit_fan_demo", "astro.club.demo"]
    assert page.next_cursor == "QVFEcm9ja2V0X2ZvbGxvd2Vyc19kZW1vX25leHQ="


def test_rocketapi_reads_stories_from_the_reel_of_the_user(upstream):
    story = {"pk": "3473929102837465102", "media_type": 2, "taken_at": 1757865731, "user": {"pk": NASA},
             "video_versions": [{"url": "https://cdn.example/s.mp4"}],
             "story_link_stickers": [{"story_link": {"display_url": "https://nasa.gov"}}]}
    envelope = {"status": "done", "response": {"status_code": 200, "content_type": "application/json", "body": {
        "reels": {NASA: {"user": {"pk": NASA, "username": "nasa"}, "items": [story]}}}}}
    upstream.route("POST", "/instagram/user/get_stories", body=envelope)
    (only,) = RocketAPI(ROCKET).stories(NASA)
    assert rocket_sent(upstream, "/instagram/user/get_stories") == {"ids": [528817150]}
    assert (only.post_type, only.story_links) == ("story", ("https://nasa.gov",))


def test_rocketapi_instagram_404_inside_the_envelope_is_not_found(upstream):
    upstream.route("POST", "/instagram/user/get_info", body={"status": "done", "response": {
        "status_code": 404, "content_type": "text/html", "body": ""}})
    with pytest.raises(NotFound):
        RocketAPI(ROCKET).profile_by_handle("nosuchuser")


def test_rocketapi_refused_token_and_rate_limit(upstream):
    upstream.route("POST", "/instagram/user/get_media", status=401, body={"message": "Invalid token"})
    upstream.route("POST", "/instagram/user/get_clips", status=429, headers={"Retry-After": "30"}, body={})
    with pytest.raises(AuthFailed):
        RocketAPI(ROCKET).posts(NASA)
    with pytest.raises(RateLimited) as error:
        RocketAPI(ROCKET).reels(NASA)
    assert error.value.retry_after == 30


def test_rocketapi_adds_the_token_prefix_a_bare_credential_lacks(upstream):
    upstream.route("POST", "/instagram/media/get_info_by_shortcode",
                   fixture="rapidapi/rocketapi_media_get_info_by_shortcode.json")
    RocketAPI({"Authorization": "rocket-token-for-tests-0123"}).post_by_shortcode(REEL)
    assert upstream.calls()[0].headers["authorization"] == "Token rocket-token-for-tests-0123"


def test_rocketapi_refuses_an_id_that_is_not_a_number(upstream):
    with pytest.raises(InvalidParams):
        RocketAPI(ROCKET).followers("nasa")
    assert upstream.calls() == []

"""The RapidAPI scrapers (jotucker, arraybobo, neotank, bestsolutions, igapi) against the fake upstream."""
import pytest

from beat.errors import AuthFailed, NotFound, RateLimited, UpstreamError
from instagram.providers import ArrayBobo, BestSolutions, IGApi, JoTucker, NeoTank
from tests.instagram.test_providers import NASA, RAPIDAPI

pytestmark = pytest.mark.django_db
REEL, PHOTO = "DGsL4rTR2mQ", "DGj8VwXsAb1"
FEED_CURSOR = "3705555555555555555_528817150"


def sent(upstream, path):
    """The one request the fake received on path, after checking it carried the RapidAPI headers."""
    (call,) = upstream.calls("GET", path)
    assert call.headers["x-rapidapi-key"] == RAPIDAPI["X-RapidAPI-Key"]
    assert call.headers["x-rapidapi-host"].startswith("127.0.0.1:")  # the host of the base URL setting
    return call.query


def web_connection(edge: str, node: dict, cursor: str | None = "NEXT") -> dict:
    return {edge: {"count": 1, "page_info": {"has_next_page": cursor is not None, "end_cursor": cursor},
                   "edges": [{"node": node}]}}


# --- jotucker ---

def test_jotucker_reads_a_profile_by_handle_and_by_id_on_one_path(upstream):
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    profile, posts = JoTucker(RAPIDAPI).profile_by_handle("nasa")
    assert profile.profile_id == NASA and profile.followers == 97831245 and posts.items == ()
    JoTucker(RAPIDAPI).profile_by_id(NASA)
    first, second = (c.query for c in upstream.calls("GET", "/user_info_by_id"))
    assert first == {"user_name": "nasa"} and second == {"user_id": NASA}


def test_jotucker_answering_another_user_is_not_found(upstream):
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    with pytest.raises(NotFound):
        JoTucker(RAPIDAPI).profile_by_id("1")
    with pytest.raises(NotFound):
        JoTucker(RAPIDAPI).profile_by_handle("someone_else")


def test_jotucker_pages_posts_with_max_id(upstream):
    upstream.route("GET", "/medias_v2", fixture="rapidapi/jotucker_medias_v2.json")
    page = JoTucker(RAPIDAPI).posts(NASA)
    assert sent(upstream, "/medias_v2") == {"user_id": NASA, "batch_size": "50"}
    assert [p.shortcode for p in page.items][:2] == [REEL, PHOTO] and page.next_cursor == FEED_CURSOR
    JoTucker(RAPIDAPI).posts(NASA, page.next_cursor)
    assert upstream.calls()[-1].query["max_id"] == FEED_CURSOR


def test_jotucker_reads_a_post_by_shortcode(upstream):
    upstream.route("GET", "/media_info_v2", fixture="rapidapi/jotucker_media_info_v2.json")
    post = JoTucker(RAPIDAPI).post_by_shortcode(PHOTO)
    assert sent(upstream, "/media_info_v2") == {"short_code": PHOTO}
    assert post.shortcode == PHOTO and post.post_type == "image" and post.is_paid_partnership


def test_jotucker_pages_followers_and_following_with_next_cursor(upstream):
    upstream.route("GET", "/followers", fixture="rapidapi/jotucker_followers.json")
    upstream.route("GET", "/following", body={"data": {"user": web_connection(
        "edge_follow", {"id": "11", "username": "iss"}, cursor=None)}})
    page = JoTucker(RAPIDAPI).followers(NASA)
    assert sent(upstream, "/followers") == {"user_id": NASA, "batch_size": "50"}
    assert [u.handle for u in page.items] == ["stargazer.demo", "orbit_fan_demo", "astro.club.demo"]
    JoTucker(RAPIDAPI).followers(NASA, page.next_cursor)
    assert upstream.calls()[-1].query["next_cursor"] == page.next_cursor
    following = JoTucker(RAPIDAPI).following(NASA, "C1")
    assert sent(upstream, "/following") == {"user_id": NASA, "batch_size": "50", "next_cursor": "C1"}
    assert [u.profile_id for u in following.items] == ["11"] and not following.has_more


def test_jotucker_reads_likers_and_comments_by_shortcode(upstream):
    liker = {"id": "21", "username": "fan", "full_name": "A Fan", "is_private": False, "is_verified": False}
    comment = {"id": "31", "text": "wow #space", "created_at": 1757865731, "owner": {"id": "21", "username": "fan"},
               "edge_liked_by": {"count": 2}}
    upstream.route("GET", "/media_likers", body={"data": {"shortcode_media": web_connection("edge_liked_by", liker)}})
    upstream.route("GET", "/media_comments", body={"data": {"shortcode_media": web_connection(
        "edge_media_to_parent_comment", comment)}})
    likers = JoTucker(RAPIDAPI).likers(REEL)
    comments = JoTucker(RAPIDAPI).comments(REEL, "C2")
    assert sent(upstream, "/media_likers") == {"short_code": REEL, "batch_size": "50"}
    assert sent(upstream, "/media_comments") == {"short_code": REEL, "batch_size": "50", "next_cursor": "C2"}
    assert (likers.items[0].shortcode, likers.items[0].handle, likers.next_cursor) == (REEL, "fan", "NEXT")
    assert (comments.items[0].comment_id, comments.items[0].text, comments.items[0].shortcode) == ("31", "wow #space",
                                                                                                   REEL)


def test_jotucker_reads_hashtag_posts_from_the_web_hashtag_page(upstream):
    node = {"__typename": "GraphImage", "id": "41", "shortcode": "HASH1", "taken_at_timestamp": 1757865731,
            "owner": {"id": "51"}, "edge_media_to_caption": {"edges": [{"node": {"text": "up #hiking"}}]}}
    upstream.route("GET", "/hash_tag_medias_v2", body={"data": {"hashtag": web_connection(
        "edge_hashtag_to_ranked_media", node)}})
    page = JoTucker(RAPIDAPI).hashtag("hiking")
    assert sent(upstream, "/hash_tag_medias_v2") == {"hash_tag": "hiking", "batch_size": "50"}
    assert (page.items[0].shortcode, page.items[0].post_type, page.items[0].hashtags) == ("HASH1", "image", ("hiking",))
    assert page.next_cursor == "NEXT"


# --- arraybobo ---

def test_arraybobo_reads_profiles_by_handle_and_by_id(upstream):
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    upstream.route("GET", "/ig/info/", fixture="rapidapi/arraybobo_info_username.json")
    by_handle, _ = ArrayBobo(RAPIDAPI).profile_by_handle("nasa")
    by_id, _ = ArrayBobo(RAPIDAPI).profile_by_id(NASA)
    assert sent(upstream, "/ig/info_username/") == {"user": "nasa"} and sent(upstream, "/ig/info/") == {"id_user": NASA}
    assert by_handle == by_id and by_id.profile_id == NASA and by_id.followers == 97831245


def test_arraybobo_pages_posts_with_end_cursor_and_reels_with_max_id(upstream):
    upstream.route("GET", "/ig/posts/", fixture="rapidapi/arraybobo_posts.json")
    upstream.route("GET", "/ig/reels_posts/", fixture="rapidapi/arraybobo_reels_posts.json")
    posts = ArrayBobo(RAPIDAPI).posts(NASA, "P2")
    reels = ArrayBobo(RAPIDAPI).reels(NASA, "R2")
    assert sent(upstream, "/ig/posts/") == {"id_user": NASA, "end_cursor": "P2"}
    assert sent(upstream, "/ig/reels_posts/") == {"id_user": NASA, "max_id": "R2"}
    assert [p.shortcode for p in posts.items][:2] == [REEL, PHOTO] and posts.has_more
    assert [(p.shortcode, p.post_type) for p in reels.items] == [(REEL, "reels")]
    assert reels.next_cursor == "QVFDcmVlbHNfZGVtb19tYXhfaWRfcGFnZTI="


def test_arraybobo_reads_a_post_and_refuses_another_one(upstream):
    upstream.route("GET", "/ig/post_info/", fixture="rapidapi/arraybobo_post_info.json")
    post = ArrayBobo(RAPIDAPI).post_by_shortcode(REEL)
    assert sent(upstream, "/ig/post_info/") == {"shortcode": REEL}
    assert post.post_type == "reels" and post.likes == 612047
    with pytest.raises(NotFound):
        ArrayBobo(RAPIDAPI).post_by_shortcode(PHOTO)


def test_arraybobo_reads_tagged_posts_and_stories(upstream):
    node = {"__typename": "GraphSidecar", "id": "61", "shortcode": "TAG1", "taken_at_timestamp": 1757865731,
            "owner": {"id": "71", "username": "friend"}}
    upstream.route("GET", "/ig/tagged/", body={"data": {"user": web_connection("edge_user_to_photos_of_you", node)},
                                               "status": "ok"})
    story = {"pk": "3473929102837465102", "media_type": 1, "taken_at": 1757865731, "user": {"pk": NASA},
             "image_versions2": {"candidates": [{"url": "https://cdn.example/s.jpg"}]}}
    upstream.route("GET", "/ig/stories/", body={"reels": {NASA: {"user": {"pk": NASA, "username": "nasa"},
                                                                 "items": [story]}}})
    tagged = ArrayBobo(RAPIDAPI).tagged(NASA)
    stories = ArrayBobo(RAPIDAPI).stories(NASA)
    assert sent(upstream, "/ig/tagged/") == {"id_user": NASA} and sent(upstream, "/ig/stories/") == {"id_user": NASA}
    assert [(p.shortcode, p.post_type, p.handle) for p in tagged.items] == [("TAG1", "carousel", "friend")]
    assert [(s.shortcode, s.post_type) for s in stories] == [("3473929102837465102", "story")]


def test_arraybobo_without_live_stories_is_an_empty_list(upstream):
    upstream.route("GET", "/ig/stories/", body={"reels": {}})
    assert ArrayBobo(RAPIDAPI).stories(NASA) == []


# --- neotank, bestsolutions, igapi ---

def test_neotank_reads_the_web_profile_with_its_posts_and_pages_medias(upstream):
    upstream.route("GET", "/account-info", fixture="rapidapi/neotank_account_info.json")
    upstream.route("GET", "/account-medias", fixture="rapidapi/neotank_account_medias.json")
    profile, embedded = NeoTank(RAPIDAPI).profile_by_handle("nasa")
    page = NeoTank(RAPIDAPI).posts(NASA, "N2")
    assert sent(upstream, "/account-info") == {"username": "nasa"}
    assert sent(upstream, "/account-medias") == {"userid": NASA, "first": "80", "after": "N2"}
    assert profile.profile_id == NASA and len(embedded.items) == 3 and len(page.items) == 3


def test_neotank_404_is_an_unknown_username(upstream):
    upstream.route("GET", "/account-info", status=404, body={"message": "Not found"})
    with pytest.raises(NotFound):
        NeoTank(RAPIDAPI).profile_by_handle("nosuchuser")


def test_bestsolutions_reads_the_flat_profile_and_pages_the_feed(upstream):
    upstream.route("GET", "/profile", fixture="rapidapi/bestsolutions_profile.json")
    upstream.route("GET", "/feed", fixture="rapidapi/bestsolutions_feed.json")
    by_handle, _ = BestSolutions(RAPIDAPI).profile_by_handle("nasa")
    BestSolutions(RAPIDAPI).profile_by_id(NASA)
    page = BestSolutions(RAPIDAPI).posts(NASA, FEED_CURSOR)
    assert [c.query for c in upstream.calls("GET", "/profile")] == [{"username": "nasa"}, {"user_id": NASA}]
    assert sent(upstream, "/feed") == {"user_id": NASA, "next_max_id": FEED_CURSOR}
    assert by_handle.followers == 97831245 and page.next_cursor == FEED_CURSOR


def test_igapi_pages_web_followers_without_compression(upstream):
    upstream.route("GET", "/web_followers", fixture="rapidapi/igapi_web_followers.json")
    page = IGApi(RAPIDAPI).followers(NASA, "G2")
    assert sent(upstream, "/web_followers") == {"user_id": NASA, "cursor": "G2"}
    assert upstream.calls()[0].headers["accept-encoding"] == "identity"
    assert [u.handle for u in page.items] == ["stargazer.demo", "orbit_fan_demo", "astro.club.demo"]


def test_igapi_empty_cursorless_page_of_a_large_account_is_an_outage(upstream):
    upstream.route("GET", "/web_followers", body={"count": 97831245, "page_info": {"has_next_page": False},
                                                  "edges": []})
    with pytest.raises(UpstreamError):
        IGApi(RAPIDAPI).followers(NASA)


# --- RapidAPI's own answers, the same for every scraper behind it ---

CALLS = [(JoTucker, "/user_info_by_id", lambda p: p.profile_by_id(NASA)),
         (ArrayBobo, "/ig/posts/", lambda p: p.posts(NASA)),
         (NeoTank, "/account-info", lambda p: p.profile_by_handle("nasa")),
         (BestSolutions, "/feed", lambda p: p.posts(NASA)),
         (IGApi, "/web_followers", lambda p: p.followers(NASA))]


@pytest.mark.parametrize("cls,path,fetch", CALLS)
def test_a_spent_monthly_quota_is_rate_limited_until_the_reset(upstream, cls, path, fetch):
    upstream.route("GET", path, fixture="rapidapi/error_429_monthly_quota.json")
    with pytest.raises(RateLimited) as error:
        fetch(cls(RAPIDAPI))
    assert error.value.retry_after == 864000


@pytest.mark.parametrize("cls,path,fetch", CALLS)
@pytest.mark.parametrize("status,fixture", [(401, "error_401_invalid_key.json"),
                                            (403, "error_403_not_subscribed.json")])
def test_a_bad_or_unsubscribed_key_is_auth_failed(upstream, cls, path, fetch, status, fixture):
    upstream.route("GET", path, status=status, fixture=f"rapidapi/{fixture}")
    with pytest.raises(AuthFailed):
        fetch(cls(RAPIDAPI))


def test_a_per_second_limit_waits_a_second(upstream):
    upstream.route("GET", "/medias_v2", status=429, fixture="rapidapi/error_429_rate_limit_per_second.json")
    with pytest.raises(RateLimited) as error:
        JoTucker(RAPIDAPI).posts(NASA)
    assert error.value.retry_after == 1.0

"""GET /posts/{platform}/byshortcode/{shortcode}, /posts/{platform}/{post_type}/{shortcode},
/recent/posts/{platform}/byprofileid/{profile_id}."""
from datetime import timedelta

import pytest
from django.utils import timezone

from beat.models import ScrapeRequestLog
from instagram.models import InstagramPost
from tests.instagram.factories import InstagramAccountFactory, InstagramPostFactory, PostRecordFactory
from tests.instagram.stand_ins import profile_record

POST_KEYS = {"data_provider", "shortcode", "post_id", "post_type", "content_type", "metrics", "caption",
             "publish_time", "profile_id", "handle", "thumbnail_url", "display_url", "video_url", "hashtags",
             "mentions", "keywords", "updated_at", "post_url", "engagement_rate"}


def fresh_post(**fields):
    fields.setdefault("refreshed_at", timezone.now())
    return InstagramPostFactory(**fields)


@pytest.mark.django_db
def test_a_fresh_post_is_answered_from_storage_with_its_metrics(api, fake_instagram):
    InstagramAccountFactory(profile_id="100", followers=1000)
    fresh_post(shortcode="Cabcdef1", likes=100, comments=10, source="lama", caption="hello")
    response = api.get("/posts/INSTAGRAM/byshortcode/Cabcdef1")
    assert response.status_code == 200
    post = response.json()["post"]
    assert set(post) == POST_KEYS
    assert (post["shortcode"], post["post_type"], post["data_provider"], post["caption"]) == (
        "Cabcdef1", "image", "lama", "hello")
    # no stored reach: (7.6 - 0.7 x log10 100) x 0.85 x 100 = 527
    assert post["metrics"] == {"reach": 527, "reach_estimated": True, "views": None, "likes": 100,
                               "play_count": None, "comments": 10}
    assert ScrapeRequestLog.objects.count() == 0


@pytest.mark.django_db
def test_a_stored_reach_is_answered_as_it_is(api):
    fresh_post(shortcode="Cabcdef2", reach=4321)
    assert api.get("/posts/instagram/byshortcode/Cabcdef2").json()["post"]["metrics"]["reach"] == 4321


def test_a_stale_post_is_refreshed_by_shortcode(api, worker):
    InstagramPostFactory(shortcode="Cabcdef3", likes=1, refreshed_at=timezone.now() - timedelta(days=2))
    worker.add(profile_record(), posts=[PostRecordFactory(shortcode="Cabcdef3", likes=99)])
    response = api.get("/posts/INSTAGRAM/byshortcode/Cabcdef3?handle=nasa&third_party_fallback=true")
    assert response.json()["post"]["metrics"]["likes"] == 99
    assert worker.calls == [("refresh_post_by_shortcode", {"shortcode": "Cabcdef3"})]


def test_an_unknown_post_answers_404_after_asking_upstream(api, worker):
    response = api.get("/posts/INSTAGRAM/byshortcode/Cnothere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert worker.calls == [("refresh_post_by_shortcode", {"shortcode": "Cnothere"})]


@pytest.mark.django_db
def test_post_async_answers_202(api, fake_instagram):
    response = api.get("/posts/INSTAGRAM/byshortcode/Cabcdef4?async=true")
    assert response.status_code == 202
    assert response.json()["flow"] == "refresh_post_by_shortcode"


@pytest.mark.django_db
def test_a_post_of_a_type_is_answered_only_for_that_type_and_owner(api):
    fresh_post(shortcode="Creel0001", post_type="reels", profile_id="100", plays=500)
    assert api.get("/posts/INSTAGRAM/reels/Creel0001").json()["post"]["metrics"]["play_count"] == 500
    assert api.get("/posts/INSTAGRAM/REELS/Creel0001?profile_id=100").status_code == 200
    assert api.get("/posts/INSTAGRAM/image/Creel0001").status_code == 404
    assert api.get("/posts/INSTAGRAM/reels/Creel0001?profile_id=200").status_code == 404


@pytest.mark.django_db
def test_a_missing_story_answers_404_without_a_task(api, fake_instagram):
    assert api.get("/posts/INSTAGRAM/story/3600000000000000001").status_code == 404
    assert ScrapeRequestLog.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path, field", [
    ("/posts/INSTAGRAM/byshortcode/bad!code", "shortcode"),
    ("/posts/INSTAGRAM/byshortcode/abc", "shortcode"),
    ("/posts/INSTAGRAM/video/Cabcdef1", "post_type"),
    ("/posts/INSTAGRAM/reels/Cabcdef1?profile_id=x", "profile_id"),
    ("/posts/INSTAGRAM/byshortcode/Cabcdef1?max_age=x", "max_age"),
    ("/recent/posts/INSTAGRAM/byprofileid/100?limit=500", "limit"),
    ("/recent/posts/FACEBOOK/byprofileid/100", "platform"),
])
def test_bad_post_input_answers_400(api, path, field):
    response = api.get(path)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


@pytest.mark.django_db
def test_recent_posts_are_the_latest_feed_posts_newest_first(api):
    now = timezone.now()
    for n in range(5):
        InstagramPostFactory(shortcode=f"Crecent{n}", profile_id="100", publish_time=now - timedelta(days=n))
    InstagramPostFactory(shortcode="Cstory01", profile_id="100", post_type="story", publish_time=now)
    InstagramPostFactory(shortcode="Cother01", profile_id="999", publish_time=now)
    data = api.get("/recent/posts/INSTAGRAM/byprofileid/100?limit=3").json()["data"]
    assert [p["shortcode"] for p in data] == ["Crecent0", "Crecent1", "Crecent2"]
    stories = api.get("/recent/posts/INSTAGRAM/byprofileid/100?post_type=story").json()["data"]
    assert [p["shortcode"] for p in stories] == ["Cstory01"]


@pytest.mark.django_db
def test_recent_posts_of_an_unknown_profile_are_an_empty_list(api):
    assert api.get("/recent/posts/INSTAGRAM/byprofileid/12345").json() == {"data": []}


@pytest.mark.django_db
def test_post_routes_need_a_key(client):
    InstagramPost.objects.create(shortcode="Cabcdef9")
    assert client.get("/posts/INSTAGRAM/byshortcode/Cabcdef9").status_code == 401
    assert client.get("/recent/posts/INSTAGRAM/byprofileid/100").status_code == 401

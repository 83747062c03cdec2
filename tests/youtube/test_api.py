"""The YouTube routes: stored answers while fresh, refreshes through the real queue and flows against the
fake upstream, handles resolved through channels.list forHandle, input errors, auth."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from beat.models import ScrapeRequestLog
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import fixture
from youtube.models import YoutubeAccount, YoutubePost, YoutubeProfileLog
from youtube.parsers import data_api
from youtube.services import channels_upsert, posts_upsert

ANSWER_KEYS = {"platform", "channel_id", "handle", "custom_url", "title", "description", "country", "published_at",
               "subscribers", "is_subscriber_count_hidden", "uploads", "views", "thumbnail", "is_verified", "state",
               "updated_at"}


def stored_nasa(*, age=timedelta(hours=1)):
    channels_upsert(records=data_api.parse_channels(fixture("youtube_data/channels_list.json")), source="ytapitoken")
    YoutubeAccount.objects.update(refreshed_at=timezone.now() - age)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/profiles/YOUTUBE/byhandle/@NASA", "/profiles/youtube/byhandle/nasa",
                                  f"/profiles/YouTube/byhandle/{NASA}", f"/profiles/YOUTUBE/byid/{NASA}",
                                  f"/profiles/YOUTUBE/byprofileid/{NASA}",
                                  "/social-profile-service/YOUTUBE/byhandle/nasa"])
def test_a_fresh_channel_is_answered_from_storage_by_handle_or_id(api, path, upstream):
    stored_nasa()
    response = api.get(path)
    assert response.status_code == 200, response.json()
    profile = response.json()["profile"]
    assert set(profile) == ANSWER_KEYS
    assert (profile["platform"], profile["channel_id"], profile["title"], profile["subscribers"],
            profile["uploads"], profile["views"]) == ("YOUTUBE", NASA, "NASA", 13_100_000, 8542, 1_482_093_311)
    assert profile["thumbnail"].startswith("https://yt3.") and not ScrapeRequestLog.objects.exists()
    assert upstream.calls() == []


def test_a_stale_channel_is_refreshed_by_a_task_the_view_waits_for(api, worker, upstream):
    credential("ytapitoken")
    stored_nasa(age=timedelta(days=2))
    answer = fixture("youtube_data/channels_list.json")
    answer["items"][0]["statistics"]["subscriberCount"] = "13200000"
    upstream.route("GET", "/channels", body=answer)
    response = api.get(f"/profiles/YOUTUBE/byid/{NASA}")
    assert response.status_code == 200, response.json()
    assert response.json()["profile"]["subscribers"] == 13_200_000
    task = ScrapeRequestLog.objects.get()
    assert (task.flow, task.params, task.account.slug) == ("refresh_yt_profiles", {"channel_ids": [NASA]}, "acme")


@pytest.mark.django_db
def test_async_answers_202_with_the_task(api, upstream):
    response = api.get(f"/profiles/YOUTUBE/byid/{NASA}?async=1")
    assert response.status_code == 202 and response.json()["flow"] == "refresh_yt_profiles"


@pytest.mark.django_db
def test_an_unknown_handle_is_looked_up_once_with_for_handle_and_stored(api, upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list.json")
    response = api.get("/profiles/YOUTUBE/byhandle/@NASA")
    assert response.status_code == 200 and response.json()["profile"]["channel_id"] == NASA
    assert upstream.calls()[0].query["forHandle"] == "@nasa"
    assert YoutubeProfileLog.objects.count() == 1
    api.get("/profiles/YOUTUBE/byhandle/nasa")
    assert len(upstream.calls()) == 1  # now stored and fresh


@pytest.mark.django_db
def test_the_channel_id_of_a_handle(api, upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list.json")
    response = api.get("/youtube/channel/byhandle/@nasa")
    assert response.status_code == 200
    assert response.json() == {"handle": "nasa", "channel_id": NASA, "title": "NASA"}


@pytest.mark.django_db
def test_a_handle_no_channel_has_is_404_in_the_one_error_shape(api, upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list_empty.json")
    for path in ("/youtube/channel/byhandle/nobody_here", "/profiles/YOUTUBE/byhandle/nobody_else"):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    again = api.get("/profiles/YOUTUBE/byhandle/nobody_here")  # lookups pass the per-handle limits (1/s)
    assert again.status_code == 429 and "Retry-After" in again.headers
    assert len(upstream.calls()) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("path,field", [("/profiles/YOUTUBE/byhandle/a", "handle"),
                                        ("/youtube/channel/byhandle/bad%20handle!", "handle"),
                                        ("/profiles/YOUTUBE/byid/UCshort", "channel_id"),
                                        ("/posts/YOUTUBE/byshortcode/toolong_video_id", "shortcode"),
                                        ("/posts/YOUTUBE/reel/Aa1Bb2Cc3Dd", "post_type"),
                                        (f"/profiles/YOUTUBE/byid/{NASA}?max_age=-1", "max_age")])
def test_bad_input_answers_400_with_field_errors(api, path, field):
    response = api.get(path)
    assert response.status_code == 400 and field in response.json()["error"]["details"]


def test_a_video_is_refreshed_when_missing(api, worker, upstream):
    credential("ytapitoken")
    upstream.route("GET", "/videos", fixture="youtube_data/videos_list.json")
    response = api.get("/posts/YOUTUBE/byshortcode/Ee4Ff5Gg6Hh")
    assert response.status_code == 200, response.json()
    post = response.json()["post"]
    assert (post["shortcode"], post["post_type"], post["duration"], post["views"]) == ("Ee4Ff5Gg6Hh", "short", 58,
                                                                                    1920447)


@pytest.mark.django_db
def test_a_video_of_another_type_is_404(api, upstream):
    posts_upsert(records=data_api.parse_videos(fixture("youtube_data/videos_list.json")), source="ytapitoken")
    assert api.get("/posts/YOUTUBE/short/Ee4Ff5Gg6Hh").status_code == 200
    assert api.get("/posts/youtube/short/Aa1Bb2Cc3Dd").status_code == 404


@pytest.mark.django_db
def test_recent_videos_of_a_channel_newest_first(api):
    posts_upsert(records=data_api.parse_videos(fixture("youtube_data/videos_list.json")), source="ytapitoken")
    response = api.get(f"/recent/posts/YOUTUBE/byprofileid/{NASA}?limit=1")
    assert [v["shortcode"] for v in response.json()["data"]] == ["Aa1Bb2Cc3Dd"]
    assert YoutubePost.objects.count() == 2


@pytest.mark.django_db
def test_the_history_has_the_figures_of_each_refresh(api):
    stored_nasa()
    stored_nasa()
    response = api.get("/profiles/YOUTUBE/byhandle/nasa/history")
    assert response.json()["count"] == 2
    assert response.json()["data"][0]["subscribers"] == 13_100_000


@pytest.mark.django_db
def test_a_call_without_a_key_is_401():
    assert APIClient().get("/profiles/YOUTUBE/byhandle/nasa").status_code == 401
    assert APIClient().get("/youtube/channel/byhandle/nasa").status_code == 401


@pytest.mark.django_db
def test_a_fresh_channel_costs_two_sql_queries_with_an_api_key(api):
    stored_nasa()
    api.get("/profiles/YOUTUBE/byhandle/nasa")  # warm: the first request of a process loads content types
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/profiles/YOUTUBE/byhandle/nasa").status_code == 200
    assert len(queries) == 2


def test_a_stale_channel_found_by_handle_is_refreshed_by_its_id(api, worker, upstream):
    credential("ytapitoken")
    stored_nasa(age=timedelta(days=3))
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list.json")
    assert api.get("/profiles/YOUTUBE/byhandle/@nasa").status_code == 200
    assert upstream.calls()[0].query["id"] == NASA and "forHandle" not in upstream.calls()[0].query


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_youtube_routes(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("/profiles/{youtube}/byhandle/{handle}", "/profiles/{youtube}/byid/{channel_id}",
                 "/profiles/{youtube}/byprofileid/{channel_id}", "/profiles/{youtube}/byhandle/{handle}/history",
                 "/posts/{youtube}/byshortcode/{shortcode}", "/posts/{youtube}/{post_type}/{shortcode}",
                 "/recent/posts/{youtube}/byprofileid/{channel_id}", "/youtube/channel/byhandle/{handle}"):
        assert paths[path]["get"]["security"] == [{"ApiKey": []}, {"cookieAuth": []}], path

"""GET /profiles/{platform}/byhandle|byprofileid|byid: freshness, refreshes, limits, states, input, auth."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from beat.errors import UpstreamError
from beat.flows.registry import stand_in
from beat.models import ScrapeRequestLog, Status
from beat.ratelimit import acquire, profile_refresh_limits
from tests.instagram.factories import PostRecordFactory
from tests.instagram.stand_ins import ago, profile_record, stored_profile

PROFILE_KEYS = {"platform", "handle", "fbid", "profile_pic_url", "profile_id", "biography", "following", "followers",
                "full_name", "is_private", "is_verified", "category", "updated_at", "post_metrics", "recent_posts",
                "profile_type", "media_count", "state", "gpt"}


def tasks():
    return list(ScrapeRequestLog.objects.order_by("id"))


# --- stored and fresh ---

@pytest.mark.django_db
def test_a_fresh_profile_is_answered_from_storage_without_a_task(api, fake_instagram):
    stored_profile(refreshed=ago(hours=2))
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 200
    profile = response.json()["profile"]
    assert set(profile) == PROFILE_KEYS
    assert profile | {"updated_at": None} == {
        "platform": "INSTAGRAM", "handle": "nasa", "fbid": "17841400000000000",
        "profile_pic_url": "https://cdn.example/nasa.jpg", "profile_id": "528817150",
        "biography": "Exploring the universe", "following": 84, "followers": 1000, "full_name": "NASA",
        "is_private": False, "is_verified": True, "category": None, "updated_at": None, "post_metrics": None,
        "recent_posts": None, "profile_type": "business", "media_count": 4312, "state": "ok", "gpt": None}
    assert tasks() == [] and fake_instagram.calls == []


@pytest.mark.django_db
def test_the_platform_and_the_handle_are_case_insensitive(api):
    stored_profile()
    assert api.get("/profiles/instagram/byhandle/@NASA").json()["profile"]["handle"] == "nasa"


@pytest.mark.django_db
def test_the_social_profile_service_path_answers_the_same(api):
    stored_profile()
    assert api.get("/social-profile-service/INSTAGRAM/byhandle/nasa").json() == \
        api.get("/profiles/INSTAGRAM/byhandle/nasa").json()


@pytest.mark.django_db
def test_a_fresh_profile_costs_two_sql_queries_with_an_api_key(api):
    stored_profile()
    api.get("/profiles/INSTAGRAM/byhandle/nasa")  # warm: the first request of a process loads content types
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 200
    # the key with its account, then the profile's columns
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert "beat_account" in queries[0]["sql"] and "instagram_account" in queries[1]["sql"]


@pytest.mark.django_db
def test_a_stored_not_found_handle_answers_404_without_asking_again(api, fake_instagram):
    from instagram.services import profile_state_set

    profile_state_set(state="not_found", handle="ghost")
    response = api.get("/profiles/INSTAGRAM/byhandle/ghost")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["details"]["state"] == "not_found"
    assert tasks() == []


# --- refreshes ---

def test_a_stale_profile_is_refreshed_by_a_task_of_the_callers_account(api, account, worker):
    stored_profile(refreshed=ago(days=2))
    worker.add(profile_record(followers=2000))
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 200
    assert response.json()["profile"]["followers"] == 2000
    (task,) = tasks()
    assert (task.flow, task.params, task.account_id, task.status) == (
        "refresh_profile_basic", {"handle": "nasa"}, account.pk, Status.COMPLETE)
    assert task.priority > 1


def test_a_missing_profile_is_fetched(api, worker):
    worker.add(profile_record(handle="esa", profile_id="42", followers=7))
    assert api.get("/profiles/INSTAGRAM/byhandle/esa").json()["profile"]["followers"] == 7


def test_force_refresh_refreshes_a_fresh_profile(api, worker):
    stored_profile()
    worker.add(profile_record(followers=3000))
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa?force_refresh=true")
    assert response.json()["profile"]["followers"] == 3000
    assert [name for name, _ in worker.calls] == ["refresh_profile_basic"]


def test_max_age_overrides_a_day(api, worker):
    stored_profile(refreshed=ago(hours=2))
    worker.add(profile_record(followers=4000))
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa?max_age=86400").json()["profile"]["followers"] == 1000
    assert worker.calls == []
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa?max_age=3600").json()["profile"]["followers"] == 4000


def test_full_refresh_reads_posts_and_adds_post_metrics_and_recent_posts(api, worker):
    posts = [PostRecordFactory(profile_id="528817150", handle="nasa", post_type=kind, likes=likes, comments=10,
                               plays=plays) for kind, likes, plays in
             (("image", 100, None), ("carousel", 300, None), ("reels", 200, 5000))]
    worker.add(profile_record(followers=1000), posts=posts)
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa?full_refresh=true")
    assert response.status_code == 200
    profile = response.json()["profile"]
    assert [name for name, _ in worker.calls] == ["refresh_profile_by_handle"]
    # 3 posts: nothing trimmed; engagement (likes + comments) / 1000 x 100 -> 11, 31, 21; reach estimated
    # image (7.6 - 0.7 log10 100) x 0.85 x 100 = 527, carousel 1495, reels 5000 x (0.94 - 0.001 log2 1000) = 4650
    assert profile["post_metrics"]["all"] == {"avg_likes": 200.0, "avg_comments": 10.0, "avg_reach": 2224.0,
                                              "avg_engagement": 21.0, "avg_reels_plays": 5000.0}
    assert profile["post_metrics"]["static"]["avg_likes"] == 200.0
    assert profile["post_metrics"]["reels"]["avg_plays"] == 5000.0
    assert [p["shortcode"] for p in profile["recent_posts"]] == [p.shortcode for p in posts]
    assert profile["recent_posts"][2]["metrics"]["play_count"] == 5000


def test_async_answers_202_with_the_task_at_once(api, account, fake_instagram):
    stored_profile(refreshed=ago(days=2))
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa?async=1")
    assert response.status_code == 202
    body = response.json()
    assert (body["flow"], body["status"], body["account"]) == ("refresh_profile_basic", "PENDING", "acme")
    assert response["Location"] == f"/scrape_request_log/flow/{body['scrape_id']}"
    assert fake_instagram.calls == []


@pytest.mark.django_db
def test_a_refresh_not_done_within_the_wait_answers_202(api, fake_instagram, settings):
    settings.BEAT_API_REFRESH_WAIT = 0.2  # and no worker runs it
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 202
    assert response.json()["status"] == "PENDING"


@pytest.mark.django_db
def test_asking_again_while_a_refresh_is_queued_joins_it(api, fake_instagram):
    first = api.get("/profiles/INSTAGRAM/byhandle/nasa?async=1").json()
    second = api.get("/profiles/INSTAGRAM/byhandle/nasa?async=1").json()
    assert second["scrape_id"] == first["scrape_id"]
    assert len(tasks()) == 1


@pytest.mark.django_db
def test_a_spent_refresh_limit_answers_429_with_retry_after(api, fake_instagram):
    stored_profile(refreshed=ago(days=2))
    assert acquire(profile_refresh_limits("INSTAGRAM", "handle", "nasa")).allowed  # the 1/s window is spent
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert response.json()["error"]["code"] == "rate_limited"
    assert tasks() == []


@pytest.mark.django_db
def test_limits_are_per_handle(api, fake_instagram):
    assert acquire(profile_refresh_limits("INSTAGRAM", "handle", "esa")).allowed
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa?async=1").status_code == 202


@pytest.mark.django_db
def test_a_fresh_profile_is_answered_even_when_its_limit_is_spent(api):
    stored_profile()
    acquire(profile_refresh_limits("INSTAGRAM", "handle", "nasa"))
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 200


def test_a_failed_refresh_answers_502_naming_the_task(api, worker):
    def broken(ctx, **params):
        raise UpstreamError("every source is down")

    with stand_in("refresh_profile_basic", broken, max_attempts=1):
        response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "refresh_failed"
    assert error["details"]["cause"] == "upstream_error" and error["details"]["status"] == "FAILED"


# --- states ---

def test_a_handle_upstream_does_not_know_answers_404(api, worker):
    response = api.get("/profiles/INSTAGRAM/byhandle/ghost")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_private_profile_answers_its_state_with_null_figures(api, worker):
    worker.profiles["hidden"] = "private"
    response = api.get("/profiles/INSTAGRAM/byhandle/hidden")
    assert response.status_code == 200
    profile = response.json()["profile"]
    assert (profile["state"], profile["is_private"], profile["handle"]) == ("private", True, "hidden")
    assert profile["followers"] is None and profile["media_count"] is None


def test_a_private_answer_keeps_what_upstream_still_shows(api, worker):
    worker.add(profile_record(handle="hidden", profile_id="77", is_private=True, followers=12))
    profile = api.get("/profiles/INSTAGRAM/byhandle/hidden?full_refresh=1").json()["profile"]
    assert (profile["state"], profile["followers"], profile["post_metrics"]) == ("private", 12, None)


# --- by profile id, by id ---

def test_by_profile_id_stays_fresh_for_a_week(api, worker):
    stored_profile(refreshed=ago(days=3))
    worker.add(profile_record(followers=5000))
    assert api.get("/profiles/INSTAGRAM/byprofileid/528817150").json()["profile"]["followers"] == 1000
    stored_profile(refreshed=ago(days=8))
    assert api.get("/profiles/INSTAGRAM/byprofileid/528817150").json()["profile"]["followers"] == 5000
    assert worker.calls == [("refresh_profile_basic", {"profile_id": "528817150"})]


def test_by_profile_id_full_refresh_uses_the_profile_id_flow(api, worker):
    worker.add(profile_record())
    api.get("/profiles/INSTAGRAM/byprofileid/528817150?full_refresh=true")
    assert worker.calls == [("refresh_profile_by_profile_id", {"profile_id": "528817150"})]


@pytest.mark.django_db
def test_by_id_answers_the_stored_row_and_404_for_an_unknown_one(api):
    row = stored_profile()
    assert api.get(f"/profiles/INSTAGRAM/byid/{row.pk}").json()["profile"]["profile_id"] == "528817150"
    assert api.get(f"/profiles/INSTAGRAM/byid/{row.pk + 1}").status_code == 404


# --- input and auth ---

@pytest.mark.django_db
@pytest.mark.parametrize("path, field", [
    ("/profiles/INSTAGRAM/byhandle/not%20a%20handle", "handle"),
    ("/profiles/INSTAGRAM/byhandle/" + "a" * 31, "handle"),
    ("/profiles/INSTAGRAM/byhandle/nasa?max_age=-1", "max_age"),
    ("/profiles/INSTAGRAM/byhandle/nasa?max_age=soon", "max_age"),
    ("/profiles/INSTAGRAM/byhandle/nasa?force_refresh=maybe", "force_refresh"),
    ("/profiles/TIKTOK/byhandle/nasa", "platform"),
    ("/profiles/INSTAGRAM/byprofileid/abc", "profile_id"),
])
def test_bad_input_answers_400_with_field_errors(api, path, field):
    response = api.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert field in response.json()["error"]["details"]


@pytest.mark.django_db
def test_youtube_audience_insights_are_not_served_on_the_instagram_route(api):
    response = api.get("/profiles/YOUTUBE/byhandle/nasa/insights")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unsupported_platform"


@pytest.mark.django_db
def test_a_call_without_a_key_is_401_and_a_bad_key_too(db):
    stored_profile()
    assert APIClient().get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Api-Key nope.nope")
    assert bad.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 401


@pytest.mark.django_db
def test_a_revoked_key_and_a_disabled_account_are_refused(account, client_of):
    from accounts.models import AccountAPIKey

    stored_profile()
    revoked = client_of(account)
    AccountAPIKey.objects.update(revoked=True)
    assert revoked.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 401
    fresh = client_of(account)
    account.is_active = False
    account.save()
    assert fresh.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 403


@pytest.mark.django_db
def test_staff_may_read_profiles_and_a_plain_user_may_not(staff, django_user_model):
    stored_profile()
    assert staff.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 200
    user = django_user_model.objects.create_user(username="plain", password="pw-for-tests-only")
    plain = APIClient()
    plain.force_login(user)
    assert plain.get("/profiles/INSTAGRAM/byhandle/nasa").status_code == 403


@pytest.mark.django_db
def test_the_openapi_schema_documents_every_instagram_route(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("/profiles/{platform}/byhandle/{handle}", "/social-profile-service/{platform}/byhandle/{handle}",
                 "/profiles/{platform}/byprofileid/{profile_id}", "/profiles/{platform}/byid/{id}",
                 "/profiles/{platform}/byhandle/{handle}/history", "/profiles/{platform}/byhandle/{handle}/insights",
                 "/profiles/{platform}/byhandle/{handle}/audienceinsights", "/posts/{platform}/byshortcode/{shortcode}",
                 "/posts/{platform}/{post_type}/{shortcode}", "/recent/posts/{platform}/byprofileid/{profile_id}"):
        assert paths[path]["get"]["security"] == [{"ApiKey": []}, {"cookieAuth": []}], path
    assert {"200", "202", "400", "401", "404", "429", "502"} <= set(paths["/profiles/{platform}/byhandle/{handle}"]
                                                                   ["get"]["responses"])

"""Comments, audience insights, activities and subscriptions through the real queue against the fake
upstream."""
import pytest

from beat.errors import InvalidParams
from beat.models import Status
from beat.queue.services import submit
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import fixture, run_flow
from beat.flows.cursor import sign_cursor
from beat.models_events import OutboxEvent
from youtube.models import (YoutubeActivityLog, YoutubePostActivityLog, YoutubeProfileInsights,
                            YoutubeRelationshipLog)

pytestmark = pytest.mark.django_db
VIDEO = "Aa1Bb2Cc3Dd"
NEXT = fixture("youtube_data/comment_threads.json")["nextPageToken"]


def last_page(name: str) -> dict:
    body = fixture(name)
    body.pop("nextPageToken", None)
    for n, item in enumerate(body["items"]):
        item["id"] = f"{item['id']}-p2-{n}"
        if "topLevelComment" in item.get("snippet", {}):
            item["snippet"]["topLevelComment"]["id"] = item["id"]
    return body


def test_comments_are_paged_to_the_last_page_with_keywords_and_an_event_payload_each(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/commentThreads", fixture="youtube_data/comment_threads.json")
    upstream.route("GET", "/commentThreads", query={"pageToken": NEXT},
                   body=last_page("youtube_data/comment_threads.json"))
    task = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO})
    assert task.status == Status.COMPLETE, task.error
    assert (task.data["fetched"], task.data["pages"], task.data["stop_reason"]) == (4, 2, "end")
    assert task.data["events"] == {"post_activity_log_bulk": 2}
    bulk = OutboxEvent.objects.filter(routing_key="post_activity_log_bulk").order_by("id")
    assert [(e.payload["shortcode"], len(e.payload["post_activity_logs"])) for e in bulk] == [(VIDEO, 2), (VIDEO, 2)]
    assert YoutubePostActivityLog.objects.filter(shortcode=VIDEO).count() == 4
    assert upstream.calls()[0].query["videoId"] == VIDEO


def test_comments_stop_at_max_comments_and_resume_from_the_signed_cursor(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/commentThreads", fixture="youtube_data/comment_threads.json")
    upstream.route("GET", "/commentThreads", query={"pageToken": NEXT},
                   body=last_page("youtube_data/comment_threads.json"))
    first = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO, "max_comments": 2})
    assert (first.status, first.data["stop_reason"], first.data["fetched"]) == (Status.COMPLETE, "limit", 2)
    cursor = first.data["next_cursor"]
    assert cursor and NEXT not in cursor  # opaque: signed and compressed
    resumed = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO, "cursor": cursor})
    assert (resumed.status, resumed.data["fetched"], resumed.data["stop_reason"]) == (Status.COMPLETE, 2, "end")
    assert upstream.calls()[-1].query["pageToken"] == NEXT


def test_a_forged_cursor_is_refused_when_the_task_is_submitted(upstream):
    with pytest.raises(InvalidParams) as refused:
        submit("fetch_yt_post_comments", {"shortcode": VIDEO, "cursor": f"ytapitoken:{NEXT}"})
    assert "cursor" in refused.value.details
    assert upstream.calls() == []


def test_a_cursor_handed_out_for_another_video_fails_the_task(upstream):
    credential("ytapitoken")
    other = sign_cursor("youtube.comments", key="Zz9Yy8Xx7Ww", source="ytapitoken", position=NEXT)
    task = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO, "cursor": other})
    assert (task.status, task.error["code"]) == (Status.FAILED, "invalid_params")
    assert upstream.calls() == []


def test_a_cursor_that_loops_ends_partial(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/commentThreads", fixture="youtube_data/comment_threads.json")  # always the same token
    task = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO})
    assert (task.status, task.data["stop_reason"]) == (Status.PARTIAL, "cursor_loop")


def test_comments_turned_off_are_an_answer_that_no_other_source_is_asked_for(upstream):
    credential("ytapitoken")
    search = credential("rapidapi-yt-search")
    upstream.route("GET", "/commentThreads", fixture="youtube_data/error_comments_disabled_403.json")
    task = run_flow("fetch_yt_post_comments", {"shortcode": VIDEO})
    assert (task.status, task.attempts, task.data["state"]) == (Status.COMPLETE, 1, "comments_disabled")
    assert len(upstream.calls()) == 1
    search.refresh_from_db()
    assert search.state == "active"


def analytics_routes(upstream, *, city="youtube_analytics/city_views.json"):
    upstream.route("POST", "/token", fixture="google_oauth/token.json")
    upstream.route("GET", "/reports", query={"dimensions": "city"}, fixture=city)
    upstream.route("GET", "/reports", query={"dimensions": "country"}, fixture="youtube_analytics/country_views.json")
    upstream.route("GET", "/reports", query={"dimensions": "ageGroup,gender"},
                   fixture="youtube_analytics/demographics_age_gender.json")


def test_insights_refresh_the_grant_then_read_the_audience_with_the_channels_own_credential(upstream):
    credential("ytapi", handle=NASA)
    analytics_routes(upstream)
    task = run_flow("refresh_yt_profile_insights", {"channel_id": NASA})
    assert task.status == Status.COMPLETE, task.error
    assert [c.path for c in upstream.calls()] == ["/token", "/reports", "/reports", "/reports"]
    insights = YoutubeProfileInsights.objects.get(channel_id=NASA)
    assert insights.city["Houston"] == 20412 and insights.country["US"] == 158221
    assert insights.gender_age["male.age25-34"] == 24.3 and task.data["rows"] == {"city": 3, "country": 5,
                                                                                   "gender_age": 14}


def test_a_grant_stored_without_a_handle_is_its_channels(upstream):
    grant = credential("ytapi")  # POST /tokens {"source": "ytapi", "credentials": {..., "channel_id"}}
    assert grant.handle == NASA.lower()
    analytics_routes(upstream)
    assert run_flow("refresh_yt_profile_insights", {"channel_id": NASA}).status == Status.COMPLETE


def test_insights_with_no_rows_are_no_data_not_zero(upstream):
    credential("ytapi", handle=NASA)
    upstream.route("POST", "/token", fixture="google_oauth/token.json")
    upstream.route("GET", "/reports", fixture="youtube_analytics/empty_no_rows.json")
    task = run_flow("refresh_yt_profile_insights", {"channel_id": NASA})
    assert (task.status, task.data["state"], task.data["fetched"]) == (Status.COMPLETE, "no_data", 0)
    assert YoutubeProfileInsights.objects.get().city is None


def test_insights_of_a_channel_without_its_own_grant_fail_with_a_clear_error(upstream):
    credential("ytapi", handle="UC" + "o" * 22)  # another channel's grant
    task = run_flow("refresh_yt_profile_insights", {"channel_id": NASA})
    assert (task.status, task.error["code"]) == (Status.FAILED, "no_provider")
    assert upstream.calls() == []


def test_a_revoked_grant_is_put_aside_for_a_person(upstream):
    grant = credential("ytapi", handle=NASA)
    upstream.route("POST", "/token", status=400, fixture="google_oauth/error_invalid_grant.json")
    task = run_flow("refresh_yt_profile_insights", {"channel_id": NASA})
    grant.refresh_from_db()
    assert task.status == Status.FAILED and grant.state == "needs_attention"


def test_activities_are_stored_by_their_id(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/activities", fixture="youtube_data/activities.json")
    upstream.route("GET", "/activities", query={"pageToken": "CAIQAA"}, body={"items": []})
    task = run_flow("refresh_yt_activities", {"channel_id": NASA})
    assert (task.status, task.data["fetched"], task.data["pages"]) == (Status.COMPLETE, 2, 2)
    assert sorted(YoutubeActivityLog.objects.values_list("activity_type", "video_id")) == [
        ("playlistItem", "Ee4Ff5Gg6Hh"), ("upload", "Aa1Bb2Cc3Dd")]


def test_subscriptions_are_stored_as_relationships(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/subscriptions", fixture="youtube_data/subscriptions.json")
    task = run_flow("refresh_yt_profile_relationship", {"channel_id": NASA})
    assert (task.status, task.data["fetched"]) == (Status.COMPLETE, 2)
    assert YoutubeRelationshipLog.objects.filter(channel_id=NASA).count() == 2


def test_private_subscriptions_and_no_subscriptions_are_answers(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/subscriptions", fixture="youtube_data/error_subscription_forbidden_403.json")
    private = run_flow("refresh_yt_profile_relationship", {"channel_id": NASA})
    assert (private.status, private.data["state"]) == (Status.COMPLETE, "subscriptions_private")
    upstream.route("GET", "/subscriptions", body={"kind": "youtube#subscriptionListResponse", "items": []})
    none = run_flow("refresh_yt_profile_relationship", {"channel_id": NASA})
    assert (none.status, none.data["state"], none.data["fetched"]) == (Status.COMPLETE, "no_subscriptions", 0)

"""beat.http.call against a real local server: every error family driven by the recorded fixtures."""
import json
import os
import time
from datetime import timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.utils import timezone

from beat.errors import AuthFailed, BadResponse, NotFound, Private, RateLimited, UpstreamError, UpstreamRejected
from beat.flows.registry import FlowContext
from beat.http import call, last_answer, session
from beat.models_upstream import UpstreamCall
from tests.fakeupstream import FakeUpstream

pytestmark = pytest.mark.django_db

TOKEN = "EAAGsecretTOKEN123"
KEY = "rapid-secret-KEY-456"


def failure(fake, family, fixture=None, status=None, method="GET", **answer):
    fake.route(method, "/e", fixture=fixture, status=status, **answer)
    with pytest.raises(Exception) as caught:
        call(method, fake.url + "/e", source="test", error_family=family)
    return caught.value


# family, fixture, HTTP status (None: the sidecar's), error, upstream code, permanent
MAPPINGS = [
    ("graph", "instagram_graph/error_rate_limit_app_4.json", None, RateLimited, "4", False),
    ("graph", "instagram_graph/error_rate_limit_user_17.json", 400, RateLimited, "17", False),
    ("graph", "instagram_graph/error_rate_limit_page_32.json", 400, RateLimited, "32", False),
    ("graph", "instagram_graph/error_rate_limit_613.json", 403, RateLimited, "613", False),
    ("graph", "instagram_graph/error_rate_limit_buc_80002.json", None, RateLimited, "80002", False),
    ("graph", "instagram_graph/error_token_expired_190.json", None, AuthFailed, "190/463", True),
    ("graph", "instagram_graph/error_token_invalid_190.json", 400, AuthFailed, "190", True),
    ("graph", "instagram_graph/error_missing_permission_10.json", 400, AuthFailed, "10", True),
    ("graph", "instagram_graph/business_discovery_error_not_found.json", 400, NotFound, "110/2207013", True),
    ("graph", "instagram_graph/error_insights_not_enough_viewers.json", 400, UpstreamRejected, "10", True),
    ("graph", "instagram_graph/error_invalid_param_100.json", 400, UpstreamRejected, "100", True),
    ("google", "youtube_data/error_quota_exceeded_403.json", None, RateLimited, "quotaExceeded", False),
    ("google", "youtube_data/error_playlist_not_found_404.json", 404, NotFound, "playlistNotFound", True),
    ("google", "youtube_data/error_key_invalid_400.json", 400, AuthFailed, "API_KEY_INVALID", True),
    ("google", "youtube_data/error_comments_disabled_403.json", 403, UpstreamRejected, "commentsDisabled", True),
    ("google", "youtube_analytics/error_unauthenticated_401.json", 401, AuthFailed, "authError", True),
    ("google", "youtube_analytics/error_forbidden_403.json", 403, AuthFailed, "forbidden", True),
    ("rapidapi", "rapidapi/error_429_monthly_quota.json", None, RateLimited, None, False),
    ("rapidapi", "rapidapi/error_429_rate_limit_per_second.json", 429, RateLimited, None, False),
    ("rapidapi", "rapidapi/error_429_too_many_requests.json", 429, RateLimited, None, False),
    ("rapidapi", "rapidapi/error_403_not_subscribed.json", 403, AuthFailed, "not_subscribed", True),
    ("rapidapi", "rapidapi/error_401_invalid_key.json", 401, AuthFailed, None, True),
    ("rapidapi", "rapidapi/error_404_endpoint.json", 404, UpstreamRejected, None, True),
    ("shopify", "shopify/error_429.json", None, RateLimited, None, False),
    ("shopify", "shopify/error_401.json", None, AuthFailed, None, True),
    ("shopify", "shopify/error_403_scope.json", 403, AuthFailed, None, True),
    ("shopify", "shopify/error_404.json", 404, NotFound, None, True),
    ("shopify", "shopify/error_400_page_info.json", 400, UpstreamRejected, None, True),
    ("openai", "openai/error_429_rate_limit.json", None, RateLimited, "rate_limit_exceeded", False),
    ("openai", "openai/error_429_insufficient_quota.json", 429, AuthFailed, "insufficient_quota", True),
    ("openai", "openai/error_401_invalid_api_key.json", 401, AuthFailed, "invalid_api_key", True),
    ("openai", "openai/azure_error_429.json", None, RateLimited, "429", False),
    ("openai", "openai/azure_error_401.json", 401, AuthFailed, "401", True),
    ("openai", "openai/azure_error_404_deployment.json", 404, UpstreamRejected, "DeploymentNotFound", True),
    ("lama", "lama/error_404_user_not_found.json", 404, NotFound, "UserNotFound", True),
    ("lama", "lama/error_422_validation.json", 422, UpstreamRejected, None, True),
    ("lama", "lama/error_404_not_found.json", 404, NotFound, "NotFoundError", True),
]


@pytest.mark.parametrize("family,fixture,status,error,upstream_code,permanent", MAPPINGS,
                         ids=[row[1].split("/")[-1] for row in MAPPINGS])
def test_each_upstream_error_maps_onto_one_beat_error(fake_upstream, family, fixture, status, error,
                                                      upstream_code, permanent):
    raised = failure(fake_upstream, family, fixture, status)
    assert type(raised) is error
    assert raised.permanent is permanent
    assert raised.details.get("upstream_code") == upstream_code
    assert raised.source == "test"


@pytest.mark.parametrize("family,fixture,status,seconds", [
    ("graph", "instagram_graph/error_rate_limit_buc_80002.json", None, 14 * 60),  # estimated_time_to_regain_access
    ("graph", "instagram_graph/error_rate_limit_app_4.json", None, 600),  # X-App-Usage has no reset: the default
    ("rapidapi", "rapidapi/error_429_monthly_quota.json", None, 864000),  # x-ratelimit-requests-reset
    ("rapidapi", "rapidapi/error_429_rate_limit_per_second.json", 429, 1),
    ("rapidapi", "rapidapi/error_429_too_many_requests.json", 429, 60),
    ("shopify", "shopify/error_429.json", None, 2.0),  # Retry-After: 2.0
    ("openai", "openai/error_429_rate_limit.json", None, 0.12),  # x-ratelimit-reset-requests: 120ms
    ("openai", "openai/azure_error_429.json", None, 6.0),  # retry-after-ms: 6000
])
def test_a_rate_limit_carries_the_wait_its_headers_give(fake_upstream, family, fixture, status, seconds):
    assert failure(fake_upstream, family, fixture, status).retry_after == pytest.approx(seconds)


def test_the_youtube_daily_quota_waits_until_midnight_pacific(fake_upstream):
    raised = failure(fake_upstream, "google", "youtube_data/error_quota_exceeded_403.json")
    pacific_now = timezone.now().astimezone(ZoneInfo("America/Los_Angeles"))
    seconds_into_day = pacific_now.hour * 3600 + pacific_now.minute * 60 + pacific_now.second
    assert raised.retry_after == pytest.approx(86400 - seconds_into_day, abs=3700)  # DST days are 23 or 25 h


def test_retry_after_may_be_an_http_date(fake_upstream):
    when = format_datetime(timezone.now() + timedelta(seconds=30), usegmt=True)
    raised = failure(fake_upstream, "generic", status=429, headers={"Retry-After": when}, body={})
    assert 25 <= raised.retry_after <= 31


def test_google_rate_limit_reasons_and_oauth_grant_errors_are_mapped(fake_upstream):
    short = {"error": {"code": 403, "message": "slow", "errors": [{"reason": "userRateLimitExceeded"}]}}
    assert isinstance(failure(fake_upstream, "google", status=403, body=short), RateLimited)
    grant = {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
    raised = failure(fake_upstream, "google", status=400, body=grant)
    assert isinstance(raised, AuthFailed) and raised.details["upstream_code"] == "invalid_grant"


def test_graph_errors_count_even_on_a_success_status_and_subcode_33_is_not_found(fake_upstream):
    body = {"error": {"message": "Unsupported get request.", "code": 100, "error_subcode": 33}}
    assert isinstance(failure(fake_upstream, "graph", status=200, body=body), NotFound)


def test_a_transient_graph_error_is_worth_another_try(fake_upstream):
    body = {"error": {"message": "An unexpected error has occurred.", "code": 2, "is_transient": True}}
    raised = failure(fake_upstream, "graph", status=500, body=body)
    assert isinstance(raised, UpstreamError) and raised.permanent is False


def test_lama_answers_private_and_payment_required(fake_upstream):
    assert isinstance(failure(fake_upstream, "lama", status=403, body={"detail": "private", "exc_type": "x"}), Private)
    assert isinstance(failure(fake_upstream, "lama", status=402, body={"detail": "pay"}), AuthFailed)


@pytest.mark.parametrize("status,body,error", [
    (400, {"detail": "Target user not found", "exc_type": "UserNotFound"}, NotFound),  # as the FastAPI Beat saw
    (400, {"detail": "Private account", "exc_type": "PrivateError"}, Private),
    (429, {"detail": "Too many requests"}, RateLimited),
    (503, {"detail": "Service unavailable"}, UpstreamError),
])
def test_lama_says_what_it_means_by_exc_type_or_status(fake_upstream, status, body, error):
    assert type(failure(fake_upstream, "lama", status=status, body=body)) is error


def test_graph_no_insights_yet_is_told_apart_from_a_missing_account(fake_upstream):
    raised = failure(fake_upstream, "graph", "instagram_graph/error_insights_not_enough_viewers.json", 400)
    assert type(raised) is UpstreamRejected and raised.details["reason"] == "insights_unavailable"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient_even_with_an_html_body(fake_upstream, status):
    raised = failure(fake_upstream, "generic", status=status, raw=b"<html>Bad Gateway</html>")
    assert type(raised) is UpstreamError and raised.permanent is False


def test_a_slow_upstream_times_out_as_a_transient_error(fake_upstream):
    fake_upstream.route("GET", "/slow", body={}, delay=2.0)
    started = time.monotonic()
    with pytest.raises(UpstreamError) as caught:
        call("GET", fake_upstream.url + "/slow", source="test", timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert caught.value.permanent is False and "timed out" in str(caught.value)
    assert UpstreamCall.objects.get().status_code is None


def test_each_call_is_timed_from_its_start_to_its_answer_and_a_call_with_no_answer_is_not(fake_upstream):
    fake_upstream.route("GET", "/slow", body={}, delay=0.2)
    fake_upstream.route("GET", "/missing", status=404, body={})
    before = time.monotonic()
    call("GET", fake_upstream.url + "/slow", source="test")
    timed = last_answer()
    assert before <= timed.sent and 0.2 <= timed.answered - timed.sent < 1.0 and timed.answered <= time.monotonic()
    with pytest.raises(NotFound):  # an error that is an answer is timed too
        call("GET", fake_upstream.url + "/missing", source="test")
    assert last_answer().sent > timed.answered
    fake_upstream.route("GET", "/slow", body={}, delay=2.0)
    with pytest.raises(UpstreamError):
        call("GET", fake_upstream.url + "/slow", source="test", timeout=0.3)
    assert last_answer() is None  # it may still be on its way: the limiter keeps the grant's margin


def test_a_flow_near_its_deadline_waits_no_longer_than_its_time_left(fake_upstream):
    fake_upstream.route("GET", "/slow", body={}, delay=3.0)
    ctx = FlowContext(task_id=1, flow="beat_echo", deadline=time.monotonic() + 1.0)
    started = time.monotonic()
    with pytest.raises(UpstreamError):
        call("GET", fake_upstream.url + "/slow", source="test", ctx=ctx)
    assert time.monotonic() - started < 2.5


def test_a_refused_connection_is_a_transient_error():
    with FakeUpstream() as gone:
        url = gone.url
    with pytest.raises(UpstreamError) as caught:
        call("GET", url + "/x", source="test", params={"access_token": TOKEN})
    assert caught.value.permanent is False
    assert TOKEN not in str(caught.value) and "127.0.0.1" not in str(caught.value)


@pytest.mark.parametrize("raw", [b"<html>", b'{"cut": ', b""])
def test_a_success_that_is_not_json_is_a_bad_response(fake_upstream, raw):
    raised = failure(fake_upstream, "generic", status=200, raw=raw)
    assert type(raised) is BadResponse


@pytest.mark.parametrize("body", ["just a string", 42, None])
def test_json_that_is_not_a_container_is_a_bad_response(fake_upstream, body):
    assert type(failure(fake_upstream, "generic", status=200, raw=json.dumps(body).encode())) is BadResponse


def test_a_caller_may_require_one_container(fake_upstream):
    fake_upstream.route("GET", "/list", body=[1, 2])
    assert call("GET", fake_upstream.url + "/list", source="test") == [1, 2]
    with pytest.raises(BadResponse):
        call("GET", fake_upstream.url + "/list", source="test", expect=dict)


def test_a_success_returns_the_json_and_is_recorded_without_any_secret(fake_upstream):
    fake_upstream.route("GET", "/v21.0/17841405822304914", fixture="instagram_graph/business_discovery.json",
                        delay=0.05)
    ctx = FlowContext(task_id=41, flow="refresh_profile_basic", account_id=7)
    answer = call("GET", fake_upstream.url + "/v21.0/17841405822304914", source="graphapi", error_family="graph",
                  params={"access_token": TOKEN, "fields": "business_discovery.username(nasa){id}"},
                  headers={"X-RapidAPI-Key": KEY}, credential_id=12, ctx=ctx)
    assert answer["business_discovery"]["username"] == "nasa"
    row = UpstreamCall.objects.get()
    assert (row.source, row.method, row.endpoint, row.status_code, row.ok) == (
        "graphapi", "GET", "/v21.0/17841405822304914", 200, True)
    assert (row.credential_id, row.task_id, row.account_id, row.error_code) == (12, 41, 7, "")
    assert row.latency_ms >= 50
    stored = " ".join(str(value) for value in UpstreamCall.objects.values().get().values())
    assert TOKEN not in stored and KEY not in stored and "access_token" not in stored


def test_a_failure_is_recorded_with_beats_code_and_the_upstreams(fake_upstream):
    failure(fake_upstream, "graph", "instagram_graph/error_token_expired_190.json")
    row = UpstreamCall.objects.get()
    assert (row.ok, row.status_code, row.error_code, row.upstream_code) == (False, 400, "auth_failed", "190/463")


def test_secrets_never_appear_in_error_messages(fake_upstream):
    echoed = {"message": f"Invalid key {KEY} for https://x.test/v1?access_token={TOKEN}&key=AIzaSyAnotherOne9"}
    fake_upstream.route("GET", "/e", status=401, body=echoed)
    with pytest.raises(AuthFailed) as caught:
        call("GET", fake_upstream.url + "/e", source="test", params={"access_token": TOKEN},
             headers={"X-RapidAPI-Key": KEY})
    message = str(caught.value) + str(caught.value.details)
    assert TOKEN not in message and KEY not in message and "AIzaSyAnotherOne9" not in message
    assert "Invalid key ***" in message


def test_the_request_carries_beats_user_agent_params_and_headers(fake_upstream, settings):
    fake_upstream.route("POST", "/instagram/user/get_info", body={"status": "done"})
    call("POST", fake_upstream.url + "/instagram/user/get_info", source="rocketapi", json={"username": "nasa"},
         headers={"Authorization": "Token t0k3n-secret"})
    [received] = fake_upstream.calls("POST", "/instagram/user/get_info")
    assert received.headers["user-agent"] == settings.BEAT_HTTP_USER_AGENT
    assert received.headers["authorization"] == "Token t0k3n-secret"
    assert received.json == {"username": "nasa"}


def test_a_failed_record_never_breaks_the_call_nor_the_callers_transaction(fake_upstream):
    fake_upstream.route("GET", "/ok", body={"fine": True})
    with transaction.atomic():
        with connection.cursor() as cursor:  # the table vanishes inside this test's transaction only
            cursor.execute("ALTER TABLE beat_upstream_call RENAME TO beat_upstream_call_away")
        assert call("GET", fake_upstream.url + "/ok", source="test") == {"fine": True}
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # the caller's transaction is still usable
            assert cursor.fetchone() == (1,)


def test_each_process_gets_its_own_session_after_a_fork():
    parent = session()
    assert session() is parent
    pid = os.fork()
    if pid == 0:  # the child: a fresh session, never the parent's pooled sockets
        os._exit(0 if session() is not parent else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_an_unknown_error_family_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown error family"):
        call("GET", "http://127.0.0.1:9/x", source="test", error_family="nope")

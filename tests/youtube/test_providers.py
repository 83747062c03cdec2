"""The YouTube providers against the fake upstream over real HTTP: what each sends, what it reads,
what its errors mean, and what a call costs."""
import pytest

from beat.errors import AuthFailed, NotFound, Private, RateLimited
from beat.models_upstream import UpstreamCall
from tests.youtube.conftest import KEY, NASA, OAUTH, RAPIDAPI, V31, V311, YT138
from youtube.providers import PROVIDERS, RapidApiYtSearch, YouTube138, YtApi, YtApiToken, YtV31
from youtube.providers.orders import DEFAULT_ORDER, providers_for

pytestmark = pytest.mark.django_db
UPLOADS = "UU" + NASA[2:]


def test_each_operation_has_a_default_order_of_providers_that_can_serve_it():
    for operation, names in DEFAULT_ORDER.items():
        assert names and all(PROVIDERS[name].supports(operation) for name in names), operation


def test_a_configured_order_replaces_the_default(settings):
    settings.BEAT_YOUTUBE_PROVIDER_ORDER = {"channels": ["yt-v31"]}
    assert providers_for("channels") == [YtV31]
    assert providers_for("channels", source="rapidapi-yt") == [YouTube138]


def test_the_key_goes_as_a_query_parameter_and_each_call_records_its_quota_units(upstream):
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list.json")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    provider = YtApiToken(KEY, credential_id=7)
    (channel,) = provider.channels([NASA, NASA])
    provider.channel_videos(NASA, after="2025-09-01", before="2025-09-30")
    sent = upstream.calls("GET", "/channels")[0]
    assert sent.query["key"] == KEY["key"] and sent.query["id"] == NASA and "key" not in sent.headers
    assert sent.query["part"] == "snippet,statistics,contentDetails,brandingSettings"
    search = upstream.calls("GET", "/search")[0].query
    assert (search["channelId"], search["order"], search["type"]) == (NASA, "date", "video")
    assert (search["publishedAfter"], search["publishedBefore"]) == ("2025-09-01T00:00:00Z", "2025-09-30T00:00:00Z")
    assert provider.quota_units == 101
    assert sorted(UpstreamCall.objects.values_list("endpoint", "cost")) == [("/channels", 1), ("/search", 100)]
    assert channel.channel_id == NASA


def test_a_handle_with_no_channel_is_not_found(upstream):
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list_empty.json")
    with pytest.raises(NotFound):
        YtApiToken(KEY).channel_by_handle("@nobody_here")
    assert upstream.calls()[0].query["forHandle"] == "@nobody_here"


def test_quota_exceeded_waits_until_midnight_pacific(upstream):
    upstream.route("GET", "/videos", fixture="youtube_data/error_quota_exceeded_403.json")
    with pytest.raises(RateLimited) as raised:
        YtApiToken(KEY).videos(["Aa1Bb2Cc3Dd"])
    assert 1 <= raised.value.retry_after <= 25 * 3600
    assert raised.value.details["upstream_code"] == "quotaExceeded"
    assert UpstreamCall.objects.get().cost == 1  # Google charges refused calls too


def test_disabled_comments_and_private_subscriptions_are_answers_not_credential_faults(upstream):
    upstream.route("GET", "/commentThreads", fixture="youtube_data/error_comments_disabled_403.json")
    upstream.route("GET", "/subscriptions", fixture="youtube_data/error_subscription_forbidden_403.json")
    with pytest.raises(NotFound) as comments:
        YtApiToken(KEY).comments("Aa1Bb2Cc3Dd")
    with pytest.raises(Private) as subscriptions:
        YtApiToken(KEY).subscriptions(NASA)
    assert comments.value.details["reason"] == "commentsDisabled"
    assert subscriptions.value.details["reason"] == "subscriptionForbidden"


def test_a_bad_key_is_an_auth_failure(upstream):
    upstream.route("GET", "/channels", status=400, fixture="youtube_data/error_key_invalid_400.json")
    with pytest.raises(AuthFailed):
        YtApiToken(KEY).channels([NASA])


def test_a_playlist_page_asks_for_the_next_token(upstream):
    upstream.route("GET", "/playlistItems", fixture="youtube_data/playlist_items_page2_last.json")
    page = YtApiToken(KEY).playlist_videos(UPLOADS, "TOKEN2")
    sent = upstream.calls()[0].query
    assert (sent["playlistId"], sent["pageToken"], sent["maxResults"]) == (UPLOADS, "TOKEN2", "50")
    assert not page.has_more


def test_a_missing_playlist_is_not_found(upstream):
    upstream.route("GET", "/playlistItems", status=404, fixture="youtube_data/error_playlist_not_found_404.json")
    with pytest.raises(NotFound):
        YtApiToken(KEY).playlist_videos("PLnope")


@pytest.mark.parametrize("cls,prefix", [(YtV31, V31), (RapidApiYtSearch, V311)])
def test_the_rapidapi_mirrors_send_the_key_and_host_headers_and_read_the_data_api_shape(upstream, cls, prefix):
    upstream.route("GET", f"{prefix}/search", fixture="rapidapi/youtube_v31_search.json")
    page = cls(RAPIDAPI, credential_id=3).search("artemis", after="2025-09-01")
    sent = upstream.calls()[0]
    assert sent.headers["x-rapidapi-key"] == RAPIDAPI["X-RapidAPI-Key"] and "key" not in sent.query
    assert sent.headers["x-rapidapi-host"] == upstream.url.split("//")[1]  # the host of the configured base URL
    assert sent.query["q"] == "artemis" and len(page.items) == 2
    assert UpstreamCall.objects.get().cost is None  # RapidAPI counts requests, not Google units


def test_youtube138_asks_one_channel_a_call_and_leaves_unknown_ones_out(upstream):
    upstream.route("GET", f"{YT138}/channel/details/", fixture="rapidapi/youtube138_channel_details.json")
    found = YouTube138(RAPIDAPI).channels([NASA, "UC" + "z" * 22])
    assert [c.channel_id for c in found] == [NASA]
    assert [c.query["id"] for c in upstream.calls()] == [NASA, "UC" + "z" * 22]


def test_youtube138_pages_a_channels_videos_with_its_cursor(upstream):
    upstream.route("GET", f"{YT138}/channel/videos/", fixture="rapidapi/youtube138_channel_videos.json")
    page = YouTube138(RAPIDAPI).channel_videos(NASA, "C1")
    assert upstream.calls()[0].query == {"id": NASA, "hl": "en", "gl": "US", "cursor": "C1"}
    assert page.has_more and len(page.items) == 2


def test_ytapi_trades_the_refresh_token_then_asks_analytics_with_the_access_token(upstream):
    upstream.route("POST", "/token", fixture="google_oauth/token.json")
    upstream.route("GET", "/reports", query={"dimensions": "city"}, fixture="youtube_analytics/city_views.json")
    upstream.route("GET", "/reports", query={"dimensions": "country"}, fixture="youtube_analytics/country_views.json")
    upstream.route("GET", "/reports", query={"dimensions": "ageGroup,gender"},
                   fixture="youtube_analytics/demographics_age_gender.json")
    audience = YtApi(OAUTH).audience(NASA, "2025-08-16", "2025-09-14")
    token_call, *reports = upstream.calls()
    assert b"grant_type=refresh_token" in token_call.body and b"refresh_token=1%2F%2Ftest" in token_call.body
    assert len(upstream.calls("POST", "/token")) == 1 and len(reports) == 3
    assert all(r.headers["authorization"] == "Bearer ya29.test-access-token-not-real-0123456789" for r in reports)
    assert all(r.query["ids"] == "channel==MINE" and r.query["startDate"] == "2025-08-16" for r in reports)
    assert [r.query.get("maxResults") for r in reports] == ["50", "10", None]
    assert audience.city["Houston"] == 20412 and audience.country["US"] == 158221


def test_a_revoked_grant_is_an_auth_failure(upstream):
    upstream.route("POST", "/token", status=400, fixture="google_oauth/error_invalid_grant.json")
    with pytest.raises(AuthFailed):
        YtApi(OAUTH).audience(NASA, "2025-08-16", "2025-09-14")
    assert not upstream.calls("GET", "/reports")


@pytest.mark.parametrize("fixture,status", [("youtube_analytics/error_unauthenticated_401.json", 401),
                                            ("youtube_analytics/error_forbidden_403.json", 403)])
def test_analytics_refusing_the_grant_is_an_auth_failure(upstream, fixture, status):
    upstream.route("POST", "/token", fixture="google_oauth/token.json")
    upstream.route("GET", "/reports", status=status, fixture=fixture)
    with pytest.raises(AuthFailed):
        YtApi(OAUTH).audience(NASA, "2025-08-16", "2025-09-14")
    assert len(upstream.calls("GET", "/reports")) == 1  # the first report's refusal ends the try

import time

import pytest

from beat.flows import FlowContext
from beat.errors import NoProvider, NotFound, Private, RateLimited, TransportError
from beat.providers import Provider, RapidAPIProvider
from credentials import manager
from credentials.fallback import call_with_fallback
from credentials.models import Credential, State

PROFILE = "profile"
BUSINESS = "/v21.0/17841405822304914"


class Graph(Provider):
    source, base_url_setting, error_family = "graphapi", "BEAT_GRAPHAPI_BASE_URL", "graph"
    capabilities = frozenset({PROFILE, "insights"})
    own_credential_operations = frozenset({"insights"})

    def auth_headers(self):
        return {}

    def auth_params(self):
        return {"access_token": self.credential["token"]}

    def profile(self, handle):
        return self.get(f"/{self.credential['user_id']}", params={"fields": f"business_discovery.username({handle})"})


class Jotucker(RapidAPIProvider):
    source, base_url_setting = "rapidapi-jotucker", "BEAT_RAPIDAPI_JOTUCKER_BASE_URL"
    capabilities = frozenset({PROFILE})

    def profile(self, handle):
        return self.get("/user_info_by_id", params={"user_name": handle})


class Lama(Provider):
    source, base_url_setting, error_family = "lama", "BEAT_LAMA_BASE_URL", "lama"
    capabilities = frozenset({PROFILE})

    def profile(self, handle):
        return self.get("/a1/user", params={"username": handle})


class FollowersOnly(RapidAPIProvider):
    source, base_url_setting = "rapidapi-igapi", "BEAT_RAPIDAPI_IGAPI_BASE_URL"
    capabilities = frozenset({"followers"})


def profile(handle="nasa"):
    return lambda provider: provider.profile(handle)


@pytest.fixture
def upstream(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL", "BEAT_LAMA_BASE_URL", "BEAT_RAPIDAPI_IGAPI_BASE_URL")
    return fake_upstream


@pytest.fixture
def jotucker(make_credential):
    return make_credential("rapidapi-jotucker")


@pytest.mark.parametrize("fixture", [
    "error_rate_limit_app_4.json", "error_rate_limit_user_17.json", "error_rate_limit_page_32.json",
    "error_rate_limit_613.json", "error_rate_limit_buc_80002.json",
])
def test_it_falls_back_when_graphapi_is_rate_limited(upstream, graph_credential, jotucker, fixture):
    upstream.route("GET", BUSINESS, status=400, fixture=f"instagram_graph/{fixture}")
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    result = call_with_fallback(PROFILE, [Graph, Jotucker], profile())
    assert result.source == "rapidapi-jotucker" and result.credential_id == jotucker.id
    assert result.value["user"]["username"] == "nasa"
    assert [t["outcome"] for t in result.tried] == ["rate_limited", "answered"]
    graph = Credential.objects.get(id=graph_credential.id)
    assert graph.state == State.COOLING and graph.cooling_until is not None
    assert Credential.objects.get(id=jotucker.id).success_count == 1


def test_the_business_use_case_wait_is_how_long_the_graph_credential_cools(upstream, graph_credential, jotucker):
    upstream.route("GET", BUSINESS, fixture="instagram_graph/error_rate_limit_buc_80002.json")
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    result = call_with_fallback(PROFILE, [Graph, Jotucker], profile())
    assert result.tried[0]["retry_after"] == 14 * 60  # estimated_time_to_regain_access, in minutes


def test_not_found_is_an_answer_that_stops_the_chain(upstream, graph_credential, jotucker):
    upstream.route("GET", BUSINESS, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    with pytest.raises(NotFound) as error:
        call_with_fallback(PROFILE, [Graph, Jotucker], profile("some_personal_account"))
    assert upstream.calls("GET", "/user_info_by_id") == []
    assert error.value.details["source"] == "graphapi"
    assert Credential.objects.get(id=graph_credential.id).state == State.ACTIVE


def test_private_is_an_answer_that_stops_the_chain(upstream, make_credential, jotucker):
    make_credential("lama", {"x-access-key": "lama-0123456789abcdef"})
    upstream.route("GET", "/a1/user", status=403, body={"detail": "Private account", "exc_type": "PrivateError"})
    with pytest.raises(Private):
        call_with_fallback(PROFILE, [Lama, Jotucker], profile())
    assert upstream.calls("GET", "/user_info_by_id") == []


def test_a_refused_credential_needs_attention_and_the_next_one_of_the_source_is_tried(upstream, make_credential):
    refused, good = make_credential("rapidapi-jotucker"), make_credential("rapidapi-jotucker")
    upstream.route("GET", "/user_info_by_id", status=401, fixture="rapidapi/error_401_invalid_key.json").then(
        body={"user": {"username": "nasa"}})
    result = call_with_fallback(PROFILE, [Jotucker], profile())
    assert result.credential_id == good.id
    assert [t["outcome"] for t in result.tried] == ["auth_failed", "answered"]
    row = Credential.objects.get(id=refused.id)
    assert row.state == State.NEEDS_ATTENTION and "Invalid API key" in row.state_reason


def test_after_two_refused_credentials_it_moves_to_the_next_provider(upstream, make_credential):
    for _ in range(3):
        make_credential("rapidapi-jotucker")
    make_credential("lama", {"x-access-key": "lama-0123456789abcdef"})
    upstream.route("GET", "/user_info_by_id", status=403, fixture="rapidapi/error_403_not_subscribed.json")
    upstream.route("GET", "/a1/user", fixture="lama/a1_user.json")
    result = call_with_fallback(PROFILE, [Jotucker, Lama], profile())
    assert result.source == "lama"
    assert len(upstream.calls("GET", "/user_info_by_id")) == 2


def test_an_outage_moves_on_and_is_raised_when_no_provider_answers(upstream, graph_credential, jotucker):
    upstream.route("GET", BUSINESS, status=503, body={"error": "unavailable"})
    upstream.route("GET", "/user_info_by_id", status=200, raw=b"<html>oops</html>")
    with pytest.raises(TransportError) as error:  # the last transient one
        call_with_fallback(PROFILE, [Graph, Jotucker], profile())
    assert error.value.code == "bad_response"
    assert [t["outcome"] for t in error.value.details["tried"]] == ["failed", "failed"]
    assert Credential.objects.get(id=graph_credential.id).state == State.ACTIVE


def test_when_every_provider_waits_on_a_limit_it_asks_to_come_back_after_the_shortest_wait(upstream, graph_credential, jotucker):
    manager.cool_down(graph_credential.id, 600, "earlier 429")
    upstream.route("GET", "/user_info_by_id", status=429, headers={"Retry-After": "7"}, body={"message": "Too many requests"})
    with pytest.raises(RateLimited) as error:
        call_with_fallback(PROFILE, [Graph, Jotucker], profile())
    assert error.value.retry_after == 7
    assert upstream.calls("GET", BUSINESS) == []


def test_providers_without_a_credential_or_the_capability_are_skipped(upstream, jotucker):
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    result = call_with_fallback(PROFILE, [FollowersOnly, Graph, Jotucker], profile())
    assert [(t["source"], t["outcome"]) for t in result.tried] == [
        ("rapidapi-igapi", "skipped"), ("graphapi", "skipped"), ("rapidapi-jotucker", "answered")]


def test_with_no_usable_credential_anywhere_it_raises_no_provider(upstream, db):
    with pytest.raises(NoProvider):
        call_with_fallback(PROFILE, [Graph, Jotucker], profile())
    assert upstream.calls() == []


def test_insights_use_the_handles_own_graph_token(upstream, make_credential):
    make_credential("graphapi", {"token": "EAABother-0123456789abc", "user_id": "1"}, handle="other")
    own = make_credential("graphapi", {"token": "EAABnasa-0123456789abcd", "user_id": "2"}, handle="nasa")
    upstream.route("GET", "/v21.0/2/insights", fixture="instagram_graph/user_insights_total_value.json")
    result = call_with_fallback("insights", [Graph], lambda p: p.get("/2/insights"), handle="nasa")
    assert result.credential_id == own.id
    assert upstream.calls()[0].query["access_token"] == "EAABnasa-0123456789abcd"
    with pytest.raises(NoProvider):
        call_with_fallback("insights", [Graph], lambda p: p.get("/2/insights"))


def test_a_spent_source_budget_skips_the_provider_without_calling_it(upstream, jotucker, make_credential, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 60)]}
    make_credential("lama", {"x-access-key": "lama-0123456789abcdef"})
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    upstream.route("GET", "/a1/user", fixture="lama/a1_user.json")
    assert call_with_fallback(PROFILE, [Jotucker, Lama], profile()).source == "rapidapi-jotucker"
    second = call_with_fallback(PROFILE, [Jotucker, Lama], profile())
    assert second.source == "lama"
    assert second.tried[0]["outcome"] == "skipped" and 0 < second.tried[0]["retry_after"] <= 60 + 0.03  # + margin
    assert len(upstream.calls("GET", "/user_info_by_id")) == 1


def test_a_budget_due_within_the_in_place_wait_is_waited_for_by_the_worker(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 0.4, 0)]}
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    call_with_fallback(PROFILE, [Jotucker], profile())
    started = time.monotonic()
    second = call_with_fallback(PROFILE, [Jotucker], profile())
    assert second.source == "rapidapi-jotucker" and 0.3 < time.monotonic() - started < 1.0
    assert len(upstream.calls("GET", "/user_info_by_id")) == 2


def test_a_refusal_met_after_waiting_in_place_is_still_named_when_no_provider_is_left(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 0.4, 0)]}
    upstream.route("GET", "/user_info_by_id", body={"user": {}}).then(
        status=401, fixture="rapidapi/error_401_invalid_key.json")
    call_with_fallback(PROFILE, [Jotucker], profile())
    with pytest.raises(NoProvider) as error:  # waits for its turn, is refused there, and has no credential left
        call_with_fallback(PROFILE, [Jotucker], profile())
    tried = [(t["outcome"], t.get("credential_id")) for t in error.value.details["tried"]]
    assert ("auth_failed", jotucker.id) in tried, tried
    assert tried[-1][0] == "skipped"  # and the walk after it found nothing usable


def test_a_quick_answer_gives_the_grant_back_a_period_after_it_not_a_margin_later(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 0.4, 0.5)]}
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    call_with_fallback(PROFILE, [Jotucker], profile())
    answered = time.monotonic()
    call_with_fallback(PROFILE, [Jotucker], profile())
    assert 0.3 < time.monotonic() - answered < 0.7  # the window counted from the answer, not grant + 0.5 s
    assert len(upstream.calls("GET", "/user_info_by_id")) == 2


def test_a_call_that_got_no_answer_keeps_its_grant_the_margin_longer(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 0.2, 2.0)]}
    settings.BEAT_RATE_LIMIT_WAIT_IN_PLACE = 0.1
    upstream.route("GET", "/user_info_by_id", body={"user": {}}, delay=2.0)
    ctx = FlowContext(task_id=1, flow="f", deadline=time.monotonic() + 0.5)  # the read times out after 1 s
    with pytest.raises(TransportError, match="timed out"):
        call_with_fallback(PROFILE, [Jotucker], profile(), ctx=ctx)
    with pytest.raises(RateLimited) as error:
        call_with_fallback(PROFILE, [Jotucker], profile())
    assert error.value.retry_after > 1.0  # 2.2 s from the start; an answer would have freed it 0.2 s later


def test_a_budget_due_later_than_the_in_place_wait_goes_back_to_the_runner(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 0.4, 0)]}
    settings.BEAT_RATE_LIMIT_WAIT_IN_PLACE = 0.1
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    call_with_fallback(PROFILE, [Jotucker], profile())
    with pytest.raises(RateLimited) as error:
        call_with_fallback(PROFILE, [Jotucker], profile())
    assert 0.3 < error.value.retry_after <= 0.4
    assert len(upstream.calls("GET", "/user_info_by_id")) == 1


def test_a_worker_never_waits_in_place_past_its_flows_deadline(upstream, jotucker, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rapidapi-jotucker": [(1, 1, 0)]}
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    call_with_fallback(PROFILE, [Jotucker], profile())
    ctx = FlowContext(task_id=1, flow="f", deadline=time.monotonic() + 1.2)
    started = time.monotonic()
    with pytest.raises(RateLimited):
        call_with_fallback(PROFILE, [Jotucker], profile(), ctx=ctx)
    assert time.monotonic() - started < 0.2


def test_when_redis_is_down_no_upstream_call_is_made(upstream, jotucker, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/5"  # nothing listens there: the limiter fails closed
    upstream.route("GET", "/user_info_by_id", body={"user": {}})
    with pytest.raises(RateLimited) as error:
        call_with_fallback(PROFILE, [Jotucker], profile())
    assert upstream.calls() == []
    assert error.value.details["tried"][0]["reason"] == "rate limit limiter-unavailable"

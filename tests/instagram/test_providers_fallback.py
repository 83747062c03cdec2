"""The Instagram providers through credentials.fallback with real Credential rows and the default orders."""
import pytest

from beat.errors import NoProvider, NotFound
from credentials.fallback import call_with_fallback
from credentials.models import Credential, State
from credentials.services import credential_upsert
from instagram.providers.base import AUDIENCE_INSIGHTS, FOLLOWERS, PROFILE_BY_HANDLE, PROFILE_BY_ID
from instagram.providers.orders import providers_for
from tests.instagram.test_providers import GRAPH, LAMA, ME, NASA, RAPIDAPI, ROCKET

pytestmark = pytest.mark.django_db
NODE = f"/v21.0/{ME}"


def credential(source, secret, handle=""):
    return credential_upsert(source=source, credentials=secret, handle=handle)[0]


@pytest.fixture
def graph_row():
    return credential("graphapi", GRAPH, handle="acme.outdoor")


@pytest.fixture
def arraybobo_row():
    return credential("rapidapi-arraybobo", RAPIDAPI)


def profile_and_raw(handle):
    def fetch(provider):
        profile, posts = provider.profile_by_handle(handle)
        return profile, posts, provider.last_raw
    return fetch


@pytest.mark.parametrize("fixture", ["error_rate_limit_app_4.json", "error_rate_limit_user_17.json",
                                     "error_rate_limit_page_32.json", "error_rate_limit_613.json",
                                     "error_rate_limit_buc_80002.json"])
def test_a_rate_limited_graphapi_hands_the_profile_to_the_next_source(upstream, graph_row, arraybobo_row,
                                                                      fixture):
    upstream.route("GET", NODE, status=400, fixture=f"instagram_graph/{fixture}")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    result = call_with_fallback(PROFILE_BY_HANDLE, providers_for(PROFILE_BY_HANDLE), profile_and_raw("nasa"))
    profile, posts, raw = result.value
    assert (result.source, result.credential_id) == ("rapidapi-arraybobo", arraybobo_row.id)
    assert profile.profile_id == NASA and posts.items == () and raw["user"]["username"] == "nasa"
    assert [t["outcome"] for t in result.tried] == ["rate_limited", "answered"]
    assert Credential.objects.get(id=graph_row.id).state == State.COOLING


def test_not_found_on_graphapi_stops_the_chain(upstream, graph_row, arraybobo_row):
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    with pytest.raises(NotFound) as error:
        call_with_fallback(PROFILE_BY_HANDLE, providers_for(PROFILE_BY_HANDLE), profile_and_raw("some_personal"))
    assert upstream.calls("GET", "/ig/info_username/") == []
    assert error.value.details["source"] == "graphapi"


def test_a_source_without_a_credential_is_skipped(upstream, arraybobo_row):
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    result = call_with_fallback(PROFILE_BY_HANDLE, providers_for(PROFILE_BY_HANDLE), profile_and_raw("nasa"))
    assert [(t["source"], t["outcome"]) for t in result.tried] == [("graphapi", "skipped"),
                                                                   ("rapidapi-arraybobo", "answered")]


def test_a_provider_listed_for_an_operation_it_lacks_is_skipped(upstream, settings, graph_row):
    credential("rapidapi-jotucker", RAPIDAPI)
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {PROFILE_BY_ID: ["graphapi", "rapidapi-jotucker"]}
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    result = call_with_fallback(PROFILE_BY_ID, providers_for(PROFILE_BY_ID), lambda p: p.profile_by_id(NASA))
    assert result.tried[0] == {"source": "graphapi", "outcome": "skipped", "reason": "lacks the capability"}
    assert result.value[0].handle == "nasa" and upstream.calls("GET", NODE) == []


def test_audience_insights_use_the_handles_own_token(upstream, graph_row):
    credential("graphapi", {"token": "EAAOtherAccountsToken0123456789", "user_id": "17841400000000001"}, handle="other")
    upstream.route("GET", f"{NODE}/insights", fixture="instagram_graph/user_insights_follower_demographics.json")
    result = call_with_fallback(AUDIENCE_INSIGHTS, providers_for(AUDIENCE_INSIGHTS), lambda p: p.audience_insights(),
                                handle="acme.outdoor")
    assert result.credential_id == graph_row.id and result.value.follower.age["18-24"] == 9833
    assert {c.query["access_token"] for c in upstream.calls()} == {GRAPH["token"]}


def test_audience_insights_without_a_handle_are_not_attempted(upstream, graph_row):
    with pytest.raises(NoProvider) as error:
        call_with_fallback(AUDIENCE_INSIGHTS, providers_for(AUDIENCE_INSIGHTS), lambda p: p.audience_insights())
    assert upstream.calls() == [] and "own credential" in error.value.details["tried"][0]["reason"]


def test_followers_stay_on_the_source_of_the_first_page(upstream):
    credential("rapidapi-jotucker", RAPIDAPI)
    credential("rocketapi", ROCKET)
    credential("lama", LAMA)
    upstream.route("GET", "/followers", fixture="rapidapi/jotucker_followers.json")
    upstream.route("POST", "/instagram/user/get_followers", fixture="rapidapi/rocketapi_user_get_followers.json")
    first = call_with_fallback(FOLLOWERS, providers_for(FOLLOWERS), lambda p: p.followers(NASA))
    cursor = first.value.next_cursor
    again = call_with_fallback(FOLLOWERS, providers_for(FOLLOWERS, source=first.source),
                               lambda p: p.followers(NASA, cursor))
    assert again.source == first.source and [t["source"] for t in again.tried] == [first.source]
    assert len(upstream.calls()) == 2

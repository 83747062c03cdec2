"""The Instagram provider interface, raw answers and fallback orders; each upstream has its own file
(test_providers_<upstream>.py), all against the fake upstream over real HTTP."""
import json
import random
from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured

from beat.errors import Misconfigured
from beat.providers import capabilities as cap
from instagram.providers import PROVIDERS, ArrayBobo, GraphAPI, JoTucker, Lama, RocketAPI
from instagram.providers.base import (EMPTY_PAGE, FOLLOWERS, OPERATIONS, POST_BY_SHORTCODE, PROFILE_BY_HANDLE, PROFILE_BY_ID,
                                      InstagramProvider)
from instagram.providers.orders import DEFAULT_ORDER, providers_for
from tests.fakeupstream import FIXTURES

pytestmark = pytest.mark.django_db

ME = "17841405822304914"  # the graph credential's own IG account (fixtures README section 1)
NASA = "528817150"
GRAPH = {"token": "EAAGraphTokenForTests0123456789", "user_id": ME}
RAPIDAPI = {"X-RapidAPI-Key": "rapid-key-for-tests-0123456789"}
LAMA = {"x-access-key": "lama-key-for-tests-0123456789"}
ROCKET = {"Authorization": "Token rocket-token-for-tests-0123"}
BASE_URLS = ("BEAT_LAMA_BASE_URL", "BEAT_RAPIDAPI_JOTUCKER_BASE_URL", "BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL",
             "BEAT_RAPIDAPI_NEOTANK_BASE_URL", "BEAT_RAPIDAPI_BESTSOLUTIONS_BASE_URL", "BEAT_RAPIDAPI_IGAPI_BASE_URL",
             "BEAT_ROCKETAPI_BASE_URL")


def fixture_json(name: str):
    return json.loads((FIXTURES / name).read_text())


def test_each_provider_implements_what_its_upstream_offers():
    assert {source: sorted(cls.operations) for source, cls in PROVIDERS.items()} == {
        "graphapi": ["audience_insights", "comments", "hashtag", "post_insights", "posts", "profile_by_handle",
                     "stories", "story_insights"],
        "lama": ["followers", "following", "hashtag", "post_by_shortcode", "posts", "profile_by_handle", "profile_by_id",
                 "stories"],
        "rapidapi-jotucker": ["comments", "followers", "following", "hashtag", "likers", "post_by_shortcode", "posts",
                              "profile_by_handle", "profile_by_id"],
        "rapidapi-arraybobo": ["post_by_shortcode", "posts", "profile_by_handle", "profile_by_id", "reels", "stories", "tagged"],
        "rapidapi-neotank": ["posts", "profile_by_handle"],
        "rapidapi-bestsolutions": ["posts", "profile_by_handle", "profile_by_id"],
        "rapidapi-igapi": ["followers"],
        "rocketapi": ["followers", "following", "post_by_shortcode", "posts", "profile_by_handle", "reels", "stories"],
    }


def test_each_provider_declares_exactly_the_capabilities_of_its_operations():
    for cls in PROVIDERS.values():
        assert cls.capabilities == {OPERATIONS[op] for op in cls.operations}, cls.source


def test_a_provider_that_implements_an_undeclared_capability_is_refused_at_import():
    with pytest.raises(TypeError, match="does not declare"):
        class Sloppy(InstagramProvider):  # noqa: F841
            source, base_url_setting = "lama", "BEAT_LAMA_BASE_URL"
            capabilities = frozenset({cap.PROFILE})

            def post_by_shortcode(self, shortcode):
                return None


def test_supports_answers_for_operations_and_capabilities():
    assert JoTucker.supports(PROFILE_BY_ID) and JoTucker.supports(cap.PROFILE)
    assert GraphAPI.supports(PROFILE_BY_HANDLE) and not GraphAPI.supports(PROFILE_BY_ID)
    assert not RocketAPI.supports(PROFILE_BY_ID) and not GraphAPI.supports(POST_BY_SHORTCODE)


def test_a_provider_keeps_every_raw_answer_without_its_credential(upstream):
    upstream.route("GET", f"/v21.0/{ME}", fixture="instagram_graph/business_discovery.json")
    graph = GraphAPI(GRAPH)
    graph.profile_by_handle("nasa")
    (answer,) = graph.answers
    assert answer.endpoint == f"/{ME}" and answer.payload == fixture_json("instagram_graph/business_discovery.json")
    assert graph.last_raw is answer.payload
    assert "access_token" not in answer.params
    assert answer.params["fields"].startswith("business_discovery.username(nasa)")
    assert GRAPH["token"] not in json.dumps(answer.params)


def test_a_new_provider_has_no_raw_answer():
    assert JoTucker(RAPIDAPI).last_raw is None and JoTucker(RAPIDAPI).answers == []


def test_profile_answers_without_posts_give_an_empty_page(upstream):
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    profile, posts = JoTucker(RAPIDAPI).profile_by_id(NASA)
    assert profile.handle == "nasa" and posts is EMPTY_PAGE and not posts.has_more


# --- orders ---

def names(classes):
    return [cls.source for cls in classes]


def test_the_default_orders_are_the_fastapi_beats():
    assert names(providers_for(PROFILE_BY_ID)) == ["rapidapi-jotucker", "rapidapi-arraybobo"]
    assert names(providers_for(PROFILE_BY_HANDLE)) == ["graphapi", "rapidapi-arraybobo", "rapidapi-jotucker", "lama",
                                                       "rapidapi-bestsolutions"]
    assert names(providers_for("posts")) == ["rapidapi-jotucker", "lama", "rapidapi-arraybobo"]
    assert names(providers_for("reels")) == ["rapidapi-arraybobo", "rocketapi"]
    assert names(providers_for("post_by_shortcode")) == ["rapidapi-arraybobo", "rapidapi-jotucker", "rocketapi", "lama"]
    assert names(providers_for("comments")) == names(providers_for("likers")) == ["rapidapi-jotucker"]
    assert names(providers_for("following")) == ["rapidapi-jotucker", "lama"]
    assert names(providers_for("hashtag")) == ["rapidapi-jotucker", "lama"]
    assert names(providers_for("tagged")) == ["rapidapi-arraybobo"]
    assert names(providers_for("stories")) == ["rapidapi-arraybobo", "rocketapi", "lama"]
    assert names(providers_for("audience_insights")) == ["graphapi"]
    assert set(DEFAULT_ORDER) == set(OPERATIONS)


def test_every_default_provider_can_do_the_operation_it_is_listed_for():
    for operation in OPERATIONS:
        for cls in providers_for(operation):
            assert cls.supports(operation), (operation, cls.source)


def test_followers_go_to_jotucker_30_and_rocketapi_70_percent_of_the_time():
    rng = random.Random(7)
    firsts = Counter(providers_for(FOLLOWERS, rng=rng)[0].source for _ in range(2000))
    assert 0.26 < firsts["rapidapi-jotucker"] / 2000 < 0.34
    assert firsts["rocketapi"] + firsts["rapidapi-jotucker"] == 2000


def test_the_other_follower_source_is_the_fallback():
    assert sorted(names(providers_for(FOLLOWERS, rng=random.Random(1)))) == ["rapidapi-jotucker", "rocketapi"]


def test_a_later_page_stays_on_the_source_that_gave_the_cursor():
    assert providers_for(FOLLOWERS, source="rapidapi-jotucker") == [JoTucker]
    assert providers_for(FOLLOWERS, source="rocketapi") == [RocketAPI]


def test_settings_override_one_operations_order(settings):
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"posts": ["lama", "rapidapi-arraybobo"], FOLLOWERS: {"lama": 1}}
    assert providers_for("posts") == [Lama, ArrayBobo]
    assert providers_for(FOLLOWERS) == [Lama]
    assert names(providers_for(PROFILE_BY_ID)) == ["rapidapi-jotucker", "rapidapi-arraybobo"]  # untouched


def test_an_unknown_source_or_operation_is_a_configuration_error(settings):
    with pytest.raises(Misconfigured, match="profile_by_id"):
        providers_for("profile")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"posts": ["rapidapi-nosuch"]}
    with pytest.raises(Misconfigured, match="rapidapi-nosuch"):
        providers_for("posts")
    with pytest.raises(Misconfigured):
        providers_for(FOLLOWERS, source="ytapi")


def test_the_order_setting_is_read_from_json(monkeypatch):
    from beat.settings_instagram import _orders

    monkeypatch.setenv("ORDER_FOR_TEST", '{"posts": ["lama"], "followers": {"rocketapi": 1}}')
    assert _orders("ORDER_FOR_TEST") == {"posts": ["lama"], "followers": {"rocketapi": 1}}
    monkeypatch.setenv("ORDER_FOR_TEST", "")
    assert _orders("ORDER_FOR_TEST") == {}
    for bad in ("[1]", "{not json", '{"posts": "lama"}'):
        monkeypatch.setenv("ORDER_FOR_TEST", bad)
        with pytest.raises(ImproperlyConfigured):
            _orders("ORDER_FOR_TEST")

"""Followers and following: one source across pages, resume cursors, loops, twice the same rows."""
import pytest

from beat.models import Status
from instagram.models import InstagramAccount, ProfileRelationshipLog
from tests.instagram.test_flows_kit import NASA, credential, fixture, resume_point, run_flow, signed_cursor

pytestmark = pytest.mark.django_db
ROCKET_FOLLOWERS = "/instagram/user/get_followers"
ROCKET_CURSOR = "QVFEcm9ja2V0X2ZvbGxvd2Vyc19kZW1vX25leHQ="


def test_followers_whose_cursor_loops_end_partial_with_the_reason(upstream):
    credential("rapidapi-jotucker")  # the only follower source with a credential: rocketapi is skipped
    upstream.route("GET", "/followers", fixture="rapidapi/jotucker_followers.json")  # same end_cursor every time
    task = run_flow("fetch_profile_followers", {"profile_id": NASA})
    assert task.status == Status.PARTIAL
    assert (task.data["stop_reason"], task.data["pages"], task.data["source"]) == ("cursor_loop", 2,
                                                                                   "rapidapi-jotucker")
    assert resume_point(task.data["next_cursor"])[0] == "rapidapi-jotucker"
    assert ProfileRelationshipLog.objects.filter(profile_id=NASA, relation="follower").count() == 3


def test_followers_stay_on_the_source_of_their_first_page(upstream, settings):
    credential("rocketapi")
    credential("rapidapi-jotucker")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"followers": ["rocketapi", "rapidapi-jotucker"]}
    upstream.route("GET", "/followers", fixture="rapidapi/jotucker_followers.json")
    # the second page is refused: the walk must not carry rocketapi's cursor to jotucker
    upstream.route("POST", ROCKET_FOLLOWERS, fixture="rapidapi/rocketapi_user_get_followers.json").then(
        status=429, headers={"Retry-After": "40"}, fixture="rapidapi/error_429_too_many_requests.json")
    task = run_flow("fetch_profile_followers", {"profile_id": NASA, "max_followers": 500})
    assert task.status == Status.PARTIAL
    assert (task.data["stop_reason"], task.data["source"]) == ("rate_limited", "rocketapi")
    assert resume_point(task.data["next_cursor"]) == ("rocketapi", ROCKET_CURSOR)
    assert upstream.calls("GET", "/followers") == []
    assert [c.json.get("max_id") for c in upstream.calls("POST", ROCKET_FOLLOWERS)] == [None, ROCKET_CURSOR]


def test_a_resume_cursor_goes_back_to_its_own_source(upstream):
    credential("rocketapi")
    credential("rapidapi-jotucker")
    last = fixture("rapidapi/rocketapi_user_get_followers.json")
    last["response"]["body"].update(big_list=False, next_max_id=None)
    upstream.route("POST", ROCKET_FOLLOWERS, body=last)
    task = run_flow("fetch_profile_followers", {"profile_id": NASA, "cursor": signed_cursor("followers", NASA, "rocketapi", ROCKET_CURSOR)})
    assert (task.status, task.data["source"], task.data["stop_reason"]) == (Status.COMPLETE, "rocketapi", "end")
    assert upstream.calls("POST", ROCKET_FOLLOWERS)[0].json["max_id"] == ROCKET_CURSOR
    assert upstream.calls("GET", "/followers") == []


def test_following_is_stored_and_a_second_run_leaves_the_same_rows(upstream):
    credential("rapidapi-jotucker")
    body = fixture("rapidapi/jotucker_followers.json")
    edge = body["data"]["user"].pop("edge_followed_by")
    edge["page_info"] = {"has_next_page": False, "end_cursor": None}
    body["data"]["user"]["edge_follow"] = edge
    upstream.route("GET", "/following", body=body)

    def rows():
        return list(ProfileRelationshipLog.objects.order_by("id").values("id", "other_id", "other_handle"))

    first = run_flow("fetch_profile_following", {"profile_id": NASA})
    stored = rows()
    second = run_flow("fetch_profile_following", {"profile_id": NASA})
    assert (first.status, first.data["created"], first.data["relation"]) == (Status.COMPLETE, 3, "following")
    assert rows() == stored and (second.data["created"], second.data["updated"]) == (0, 3)
    assert upstream.calls("GET", "/following")[0].query["batch_size"] == "50"


def test_followers_of_a_private_profile_record_its_state(upstream, settings):
    credential("lama")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"followers": ["lama"]}
    upstream.route("GET", "/gql/user/followers/chunk", status=403,
                   body={"detail": "private", "exc_type": "PrivateError"})
    task = run_flow("fetch_profile_followers", {"profile_id": NASA})
    assert (task.status, task.data["state"]) == (Status.COMPLETE, "private")
    assert InstagramAccount.objects.get(profile_id=NASA).state == "private"

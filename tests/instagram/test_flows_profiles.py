"""The profile flows through the real queue, against the fake upstream, with real Credential rows."""
import pytest

from beat.models import Status
from credentials.models import Credential, State
from instagram.models import InstagramAccount, InstagramPost, PostLog, ProfileLog
from tests.instagram.test_flows_kit import NASA, NODE, credential, fixture, recent, resume_point, run_flow

pytestmark = pytest.mark.django_db
FEED_CURSOR = "3705555555555555555_528817150"
REELS_CURSOR = "QVFDcmVlbHNfZGVtb19tYXhfaWRfcGFnZTI="
GRAPH_CODES = ["error_rate_limit_app_4.json", "error_rate_limit_user_17.json", "error_rate_limit_page_32.json",
               "error_rate_limit_613.json", "error_rate_limit_buc_80002.json"]


@pytest.fixture
def scrapers():
    """arraybobo answers profiles and reels, jotucker posts (the default orders)."""
    return credential("rapidapi-arraybobo"), credential("rapidapi-jotucker")


def serve_nasa(upstream, *, feed_page2=None):
    """Profile (arraybobo), a recent first feed page (jotucker) and recent reels."""
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    upstream.route("GET", "/ig/info/", fixture="rapidapi/arraybobo_info_username.json")
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    upstream.route("GET", "/medias_v2", body=recent("rapidapi/jotucker_medias_v2.json"))
    upstream.route("GET", "/medias_v2", query={"max_id": FEED_CURSOR},
                   body=feed_page2 if feed_page2 is not None else fixture("rapidapi/jotucker_medias_v2.json"))
    upstream.route("GET", "/ig/reels_posts/", body=recent("rapidapi/arraybobo_reels_posts.json"))
    upstream.route("GET", "/ig/reels_posts/", query={"max_id": REELS_CURSOR},
                   fixture="rapidapi/arraybobo_reels_posts.json")


def test_refresh_by_handle_stores_the_profile_recent_posts_reels_and_averages(upstream, scrapers):
    serve_nasa(upstream)
    task = run_flow("refresh_profile_by_handle", {"handle": "@NASA"})
    assert task.status == Status.COMPLETE, task.error
    data = task.data
    assert (data["state"], data["profile_id"], data["source"]) == ("ok", NASA, "rapidapi-arraybobo")
    posts, reels = data["steps"]["posts"], data["steps"]["reels"]
    # page 1 is recent, page 2 (the fixture as dated) is older than 30 days: the walk stops there
    assert (posts["source"], posts["pages"], posts["stop_reason"]) == ("rapidapi-jotucker", 2, "older_than_window")
    assert (reels["source"], reels["pages"], reels["stop_reason"]) == ("rapidapi-arraybobo", 2, "older_than_window")
    assert data["pages"] == 5 and data["fetched"] == 3 + 1
    assert sorted(data["changed"]["shortcodes"]) == ["DGb2QxYuPq7", "DGj8VwXsAb1", "DGsL4rTR2mQ"]
    assert data["changed"]["profile_ids"] == [NASA]
    account = InstagramAccount.objects.get(profile_id=NASA)
    assert account.handle == "nasa" and account.followers == 97831245 and account.avg_likes is not None
    assert set(InstagramPost.objects.values_list("profile_id", flat=True)) == {NASA}
    assert PostLog.objects.filter(task_id=task.id, raw__isnull=False).count() >= 3
    assert ProfileLog.objects.get(task_id=task.id).raw["user"]["username"] == "nasa"


def test_refresh_by_profile_id_is_the_same_by_the_numeric_id(upstream, scrapers):
    serve_nasa(upstream)
    task = run_flow("refresh_profile_by_profile_id", {"profile_id": NASA})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["source"] == "rapidapi-jotucker" and task.data["steps"]["posts"]["pages"] == 2
    assert upstream.calls("GET", "/user_info_by_id")[0].query == {"user_id": NASA}


def test_a_refresh_that_finds_nothing_new_makes_at_most_two_upstream_calls(upstream, scrapers):
    serve_nasa(upstream)
    run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    before = len(upstream.requests)
    task = run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    assert task.status == Status.COMPLETE
    assert len(upstream.requests) - before <= 2
    assert task.data["steps"]["posts"]["stop_reason"] == "reached_stored" and "reels" not in task.data["steps"]


def test_a_pinned_stored_post_does_not_stop_the_walk(upstream, scrapers):
    page = recent("rapidapi/jotucker_medias_v2.json")
    page["items"][0]["timeline_pinned_user_ids"] = [int(NASA)]
    serve_nasa(upstream)
    run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    InstagramPost.objects.exclude(shortcode="DGsL4rTR2mQ").delete()  # only the pinned one is stored now
    upstream.route("GET", "/medias_v2", body=page)
    upstream.route("GET", "/medias_v2", query={"max_id": FEED_CURSOR}, fixture="rapidapi/jotucker_medias_v2.json")
    task = run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    assert task.data["steps"]["posts"]["stop_reason"] == "older_than_window", task.data


def test_refresh_basic_reads_the_profile_and_its_embedded_posts_in_one_call(upstream):
    credential("graphapi")
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert task.status == Status.COMPLETE, task.error
    assert len(upstream.requests) == 1 and task.data["fetched"] == 3 and task.data["source"] == "graphapi"
    post = InstagramPost.objects.get(shortcode="DAx1bC2yZ3q")
    assert post.post_id == "18047361235086712" and post.profile_id == task.data["profile_id"]
    assert PostLog.objects.get(shortcode="DAx1bC2yZ3q").raw["id"] == "18047361235086712"


def test_refresh_custom_reads_a_second_page_on_the_source_of_the_first(upstream, settings):
    credential("rapidapi-jotucker")
    credential("lama")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"posts": ["lama", "rapidapi-jotucker"]}
    upstream.route("GET", "/user_info_by_id", fixture="rapidapi/jotucker_user_info_by_id.json")
    upstream.route("GET", "/v1/user/medias/chunk", fixture="lama/v1_user_medias_chunk.json")
    upstream.route("GET", "/v1/user/medias/chunk", query={"end_cursor": FEED_CURSOR},
                   fixture="lama/v1_user_medias_chunk_last.json")
    task = run_flow("refresh_profile_custom", {"profile_id": NASA, "max_posts": 100})
    assert task.status == Status.COMPLETE, task.error
    posts = task.data["steps"]["posts"]
    assert (posts["source"], posts["pages"], posts["fetched"], posts["stop_reason"]) == ("lama", 2, 4, "end")
    assert InstagramPost.objects.filter(profile_id=NASA).count() == 4 and "reels" not in task.data["steps"]


def test_a_feed_whose_cursor_loops_ends_partial_with_the_reason(upstream):
    credential("graphapi")
    # business discovery hands back the same `after` cursor on every page
    upstream.route("GET", NODE, body=recent("instagram_graph/business_discovery.json"))
    task = run_flow("refresh_profile_custom", {"handle": "nasa", "max_posts": 100})
    assert task.status == Status.PARTIAL, task.error
    posts = task.data["steps"]["posts"]
    assert (posts["stop_reason"], posts["pages"], task.data["partial"]) == ("cursor_loop", 1, True)
    source, position = resume_point(posts["next_cursor"])
    assert (source, position[:8]) == ("graphapi", "QVFIUm1o") and "cursor_loop" in task.data["stop_reason"]
    assert InstagramPost.objects.count() == 3
    # the embedded page and the page read after it: each post snapshot keeps its own raw item
    assert PostLog.objects.filter(task_id=task.id, raw__id__isnull=False).count() == 6


@pytest.mark.parametrize("code", GRAPH_CODES)
def test_a_rate_limited_graphapi_hands_the_refresh_to_the_next_source(upstream, code):
    graph = credential("graphapi")
    credential("rapidapi-arraybobo")
    upstream.route("GET", NODE, status=400, fixture=f"instagram_graph/{code}")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["source"] == "rapidapi-arraybobo"
    assert [(t["source"], t["outcome"]) for t in task.data["tried"]] == [("graphapi", "rate_limited"),
                                                                          ("rapidapi-arraybobo", "answered")]
    assert Credential.objects.get(id=graph.id).state == State.COOLING


def test_a_handle_that_does_not_exist_is_recorded_not_found_and_never_retried(upstream):
    credential("graphapi")
    credential("rapidapi-arraybobo")
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    upstream.route("GET", "/ig/info_username/", body={"status": "ok"})  # no user
    task = run_flow("refresh_profile_by_handle", {"handle": "no.such.handle"})
    assert (task.status, task.attempts, task.retry_at) == (Status.COMPLETE, 1, None)
    assert task.data["state"] == "not_found" and task.data["source"] == "rapidapi-arraybobo"
    assert [t["outcome"] for t in task.data["tried"]] == ["not_found", "not_found"]
    assert InstagramAccount.objects.get(handle="no.such.handle").state == "not_found"


def test_graphs_not_found_alone_is_the_answer_when_no_other_source_can_be_asked(upstream):
    credential("graphapi")
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    task = run_flow("refresh_profile_basic", {"handle": "no.such.handle"})
    assert (task.status, task.data["state"], task.data["source"]) == (Status.COMPLETE, "not_found", "graphapi")


def test_a_graph_profile_without_ig_id_is_stored_under_its_graph_id_with_its_posts(upstream):
    """Meta deprecated ig_id ("use id"): the Graph node id is then the identity, and the posts it
    embeds are kept (they were skipped when the profile had no id)."""
    credential("graphapi")
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery_without_ig_id.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert task.status == Status.COMPLETE, task.error
    assert (task.data["profile_id"], task.data["fetched"]) == ("17841400237871380", 3)
    assert InstagramAccount.objects.get(handle="nasa").profile_id == "17841400237871380"
    assert set(InstagramPost.objects.values_list("profile_id", flat=True)) == {"17841400237871380"}


def test_a_graph_profile_with_no_usable_id_is_read_from_the_next_source(upstream):
    credential("graphapi")
    credential("rapidapi-arraybobo")
    body = fixture("instagram_graph/business_discovery_without_ig_id.json")
    del body["business_discovery"]["id"]
    upstream.route("GET", NODE, body=body)
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert (task.status, task.data["source"], task.data["profile_id"]) == (Status.COMPLETE, "rapidapi-arraybobo", NASA)
    assert [t["source"] for t in task.data["tried"]] == ["graphapi", "rapidapi-arraybobo"]


def test_a_personal_account_graph_cannot_see_is_read_from_the_next_source(upstream):
    # business discovery says "not found" for personal accounts as for missing ones
    credential("graphapi")
    credential("rapidapi-arraybobo")
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    task = run_flow("refresh_profile_basic", {"handle": "nasa"})
    assert (task.status, task.data["state"], task.data["source"]) == (Status.COMPLETE, "ok", "rapidapi-arraybobo")
    assert [t["outcome"] for t in task.data["tried"]] == ["not_found", "answered"]
    assert InstagramAccount.objects.get(profile_id=NASA).state == "ok"


def test_a_private_handle_is_recorded_private_and_never_retried(upstream, settings):
    credential("lama")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile_by_handle": ["lama"]}
    upstream.route("GET", "/a2/user", status=403, body={"detail": "Private account", "exc_type": "PrivateError"})
    task = run_flow("refresh_profile_by_handle", {"handle": "hidden.one"})
    assert (task.status, task.attempts, task.data["state"]) == (Status.COMPLETE, 1, "private")
    assert InstagramAccount.objects.get(handle="hidden.one").state == "private"


def test_a_profile_answered_as_private_is_stored_without_reading_its_posts(upstream, scrapers):
    body = fixture("rapidapi/arraybobo_info_username.json")
    body["user"]["is_private"] = True
    upstream.route("GET", "/ig/info_username/", body=body)
    task = run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    assert (task.status, task.data["state"], len(upstream.requests)) == (Status.COMPLETE, "private", 1)
    assert InstagramAccount.objects.get(profile_id=NASA).state == "private"


def test_every_provider_rate_limited_reschedules_the_task_without_using_an_attempt(upstream):
    credential("graphapi")
    credential("rapidapi-arraybobo")
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/error_rate_limit_user_17.json")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/error_429_too_many_requests.json", status=429,
                   headers={"Retry-After": "40"})
    task = run_flow("refresh_profile_by_handle", {"handle": "nasa"})
    assert (task.status, task.attempts) == (Status.PENDING, 0)
    assert task.retry_at is not None and task.error["code"] == "rate_limited"


def test_running_a_refresh_twice_leaves_the_same_rows(upstream, scrapers):
    last = fixture("rapidapi/jotucker_medias_v2.json")
    last.update(more_available=False, next_max_id=None)
    serve_nasa(upstream, feed_page2=last)

    def rows():
        return (list(InstagramAccount.objects.order_by("id").values("id", "profile_id", "handle", "followers")),
                list(InstagramPost.objects.order_by("id").values("id", "shortcode", "likes", "profile_id")))

    run_flow("refresh_profile_custom", {"handle": "nasa", "max_posts": 10})
    first = rows()
    again = run_flow("refresh_profile_custom", {"handle": "nasa", "max_posts": 10})
    assert again.status == Status.COMPLETE and again.data["stop_reason"] == "end"
    assert rows() == first and again.data["created"] == 0 and again.data["fetched"] == 3

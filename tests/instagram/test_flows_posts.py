"""One post by shortcode, posts tagging a profile, a hashtag's posts: through the real queue."""
import pytest

from beat.models import Status
from instagram.models import InstagramPost
from tests.instagram.test_flows_kit import NASA, credential, resume_point, run_flow, signed_cursor

pytestmark = pytest.mark.django_db
REEL = "DGsL4rTR2mQ"


def connection(edge: str, nodes: list, cursor: str | None) -> dict:
    return {edge: {"count": len(nodes), "page_info": {"has_next_page": cursor is not None, "end_cursor": cursor},
                   "edges": [{"node": n} for n in nodes]}}


def node(shortcode: str, owner: str = "71", kind: str = "GraphImage", caption: str = "Sunrise hike #hiking") -> dict:
    return {"__typename": kind, "id": f"9{len(shortcode)}{abs(hash(shortcode)) % 10**8}", "shortcode": shortcode,
            "taken_at_timestamp": 1757865731, "owner": {"id": owner, "username": f"user{owner}"},
            "edge_media_to_caption": {"edges": [{"node": {"text": caption}}]}}


def test_a_post_by_shortcode_is_stored_with_its_raw_answer(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/post_info/", fixture="rapidapi/arraybobo_post_info.json")
    task = run_flow("refresh_post_by_shortcode", {"shortcode": REEL})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["changed"] == {"shortcodes": [REEL], "profile_ids": [NASA]}
    assert (task.data["source"], task.data["created"]) == ("rapidapi-arraybobo", 1)
    post = InstagramPost.objects.get(shortcode=REEL)
    assert post.post_type == "reels" and post.likes == 612047 and post.profile_id == NASA


def test_a_post_that_does_not_exist_is_an_answer_not_a_failure(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/post_info/", fixture="rapidapi/arraybobo_post_info.json")  # about another post
    task = run_flow("refresh_post_by_shortcode", {"shortcode": "DGj8VwXsAb1"})
    assert (task.status, task.attempts, task.data["state"]) == (Status.COMPLETE, 1, "not_found")
    assert not InstagramPost.objects.exists()


def test_tagged_posts_are_stored_as_their_owners_posts(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/tagged/", body={"status": "ok", "data": {"user": connection(
        "edge_user_to_photos_of_you", [node("TAG01"), node("TAG02", owner="72")], None)}})
    task = run_flow("fetch_tagged_posts", {"profile_id": NASA})  # the alias
    assert task.status == Status.COMPLETE and task.flow == "refresh_tagged_posts_by_profile_id"
    assert (task.data["fetched"], task.data["stop_reason"], task.data["changed"]["profile_ids"]) == (2, "end", [NASA])
    assert dict(InstagramPost.objects.values_list("shortcode", "profile_id")) == {"TAG01": "71", "TAG02": "72"}
    assert InstagramPost.objects.filter(collab_profile_id__isnull=False).count() == 0


def test_hashtag_posts_stop_at_max_posts_and_resume_from_the_cursor_they_give(upstream):
    credential("rapidapi-jotucker")
    credential("lama")
    first = {"data": {"hashtag": connection("edge_hashtag_to_ranked_media", [node("HASH1"), node("HASH2")], "P2")}}
    second = {"data": {"hashtag": connection("edge_hashtag_to_ranked_media", [node("HASH3")], None)}}
    upstream.route("GET", "/hash_tag_medias_v2", body=first)
    upstream.route("GET", "/hash_tag_medias_v2", query={"next_cursor": "P2"}, body=second)
    task = run_flow("fetch_hashtag_posts", {"hashtag": "#Hiking", "max_posts": 2})
    assert task.status == Status.COMPLETE
    assert (task.data["stop_reason"], resume_point(task.data["next_cursor"])) == ("limit", ("rapidapi-jotucker", "P2"))
    assert upstream.calls()[0].query["hash_tag"] == "hiking"
    resume = {"hashtag": "hiking", "max_posts": 10, "cursor": task.data["next_cursor"]}
    resumed = run_flow("fetch_hashtag_posts", resume)
    assert (resumed.status, resumed.data["stop_reason"], resumed.data["changed"]["shortcodes"]) == (
        Status.COMPLETE, "end", ["HASH3"])
    assert upstream.calls()[-1].query["next_cursor"] == "P2"
    assert InstagramPost.objects.get(shortcode="HASH1").keywords


def test_a_post_answer_lacking_a_field_moves_on_to_the_next_source(upstream):
    credential("rapidapi-jotucker")
    credential("rocketapi")
    upstream.route("GET", "/media_info_v2", body={"items": [{"media_type": 1, "pk": "1"}]})  # no "code"
    upstream.route("POST", "/instagram/media/get_info_by_shortcode",
                   fixture="rapidapi/rocketapi_media_get_info_by_shortcode.json")
    task = run_flow("refresh_post_by_shortcode", {"shortcode": REEL})
    assert (task.status, task.data["source"]) == (Status.COMPLETE, "rocketapi"), task.error
    failed = task.data["tried"][1]  # after arraybobo, which has no credential here
    assert (failed["source"], failed["outcome"]) == ("rapidapi-jotucker", "failed")
    assert failed["reason"] == "rapidapi-jotucker: the answer has no 'code'"
    assert InstagramPost.objects.get(shortcode=REEL).source == "rocketapi"


def test_a_later_page_lacking_a_field_ends_the_walk_partial_keeping_the_first_page(upstream):
    credential("rapidapi-jotucker")
    first = {"data": {"hashtag": connection("edge_hashtag_to_ranked_media", [node("HASH1"), node("HASH2")], "P2")}}
    broken = {k: v for k, v in node("HASH3").items() if k != "shortcode"}
    second = {"data": {"hashtag": connection("edge_hashtag_to_ranked_media", [broken], None)}}
    upstream.route("GET", "/hash_tag_medias_v2", body=first)
    upstream.route("GET", "/hash_tag_medias_v2", query={"next_cursor": "P2"}, body=second)
    task = run_flow("fetch_hashtag_posts", {"hashtag": "hiking", "max_posts": 10})
    assert (task.status, task.data["stop_reason"], task.data["partial"]) == (Status.PARTIAL, "upstream_error", True)
    assert task.data["error"] == "rapidapi-jotucker: the answer has no 'shortcode'"
    assert resume_point(task.data["next_cursor"]) == ("rapidapi-jotucker", "P2")
    assert sorted(InstagramPost.objects.values_list("shortcode", flat=True)) == ["HASH1", "HASH2"]


def test_a_cursor_of_another_hashtag_fails_the_task_without_calling_upstream(upstream):
    credential("rapidapi-jotucker")
    task = run_flow("fetch_hashtag_posts", {"hashtag": "hiking", "max_posts": 10,
                                            "cursor": signed_cursor("hashtag", "sunsets", "rapidapi-jotucker", "P2")})
    assert (task.status, task.error["code"]) == (Status.FAILED, "invalid_params")
    assert task.error["details"] == {"cursor": ["It was handed out for other work."]}
    assert upstream.calls() == []

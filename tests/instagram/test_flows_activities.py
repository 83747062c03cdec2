"""A post's comments (with keywords) and likes, stored as post_activity_log rows."""
import pytest

from beat.models import Status
from instagram.models import PostActivityLog
from tests.instagram.test_flows_kit import credential, resume_point, run_flow

pytestmark = pytest.mark.django_db
REEL = "DGsL4rTR2mQ"


def media_edge(edge: str, nodes: list, cursor: str | None) -> dict:
    return {"data": {"shortcode_media": {edge: {
        "count": len(nodes), "page_info": {"has_next_page": cursor is not None, "end_cursor": cursor},
        "edges": [{"node": n} for n in nodes]}}}}


def comment(comment_id: str, text: str) -> dict:
    return {"id": comment_id, "text": text, "created_at": 1757865731, "owner": {"id": "21", "username": "fan"},
            "edge_liked_by": {"count": 2}}


def test_comments_are_stored_page_after_page_with_their_keywords(upstream):
    credential("rapidapi-jotucker")
    upstream.route("GET", "/media_comments", body=media_edge("edge_media_to_parent_comment", [
        comment("31", "The telescope image of the galaxy cluster is stunning")], "C2"))
    upstream.route("GET", "/media_comments", query={"next_cursor": "C2"}, body=media_edge(
        "edge_media_to_parent_comment", [comment("32", "Wonderful nebula colours #space")], None))
    task = run_flow("fetch_post_comments", {"shortcode": REEL})
    assert task.status == Status.COMPLETE, task.error
    assert (task.data["pages"], task.data["fetched"], task.data["stop_reason"]) == (2, 2, "end")
    assert task.data["changed"] == {"shortcodes": [REEL], "activities": ["31", "32"]}
    first = PostActivityLog.objects.get(shortcode=REEL, activity_type="comment", activity_id="31")
    assert first.text.startswith("The telescope") and "telescope" in first.keywords and first.actor_handle == "fan"


def test_likes_stop_at_max_likes_with_a_cursor_to_resume(upstream):
    credential("rapidapi-jotucker")
    likers = [{"id": str(100 + n), "username": f"fan{n}", "full_name": "A Fan"} for n in range(3)]
    upstream.route("GET", "/media_likers", body=media_edge("edge_liked_by", likers, "L2"))
    task = run_flow("fetch_post_likes", {"shortcode": REEL, "max_likes": 3})
    assert (task.status, task.data["stop_reason"]) == (Status.COMPLETE, "limit")
    assert resume_point(task.data["next_cursor"]) == ("rapidapi-jotucker", "L2")
    assert sorted(PostActivityLog.objects.filter(activity_type="like").values_list("actor_handle", flat=True)) == [
        "fan0", "fan1", "fan2"]


def test_comments_of_a_post_that_does_not_exist_are_an_answer(upstream):
    credential("rapidapi-jotucker")
    upstream.route("GET", "/media_comments", body={"data": {}})
    task = run_flow("fetch_post_comments", {"shortcode": "Gone1234"})
    assert (task.status, task.attempts, task.data["state"]) == (Status.COMPLETE, 1, "not_found")

"""Live stories: by handle (the profile looked up first when unknown) and by profile id with the
caller's figures (first write wins)."""
import pytest

from beat.models import Status
from instagram.models import InstagramPost
from tests.instagram.test_flows_kit import NASA, credential, run_flow

pytestmark = pytest.mark.django_db
STORY_1, STORY_2 = "3473929102837465102", "3473929102837465103"


def stories_body(*pks) -> dict:
    items = [{"pk": pk, "id": f"{pk}_{NASA}", "media_type": 1, "taken_at": 1757865731, "user": {"pk": NASA},
              "image_versions2": {"candidates": [{"url": "https://cdn.example/s.jpg"}]}} for pk in pks]
    return {"reels": {NASA: {"user": {"pk": NASA, "username": "nasa"}, "items": items}}}


def test_stories_of_an_unknown_handle_look_its_profile_up_first(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/info_username/", fixture="rapidapi/arraybobo_info_username.json")
    upstream.route("GET", "/ig/stories/", body=stories_body(STORY_1))
    task = run_flow("refresh_stories_posts", {"handle": "nasa"})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["changed"] == {"profile_ids": [NASA], "shortcodes": [STORY_1]}
    story = InstagramPost.objects.get(shortcode=STORY_1)
    assert story.post_type == "story" and story.profile_follower == 97831245
    assert upstream.calls("GET", "/ig/stories/")[0].query == {"id_user": NASA}


def test_stories_by_profile_id_keep_the_callers_figures_from_their_first_write(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/stories/", body=stories_body(STORY_1, STORY_2))
    params = {"profile_id": NASA, "story_ids": STORY_1, "profile_follower": 1000, "profile_er": 2.5}
    task = run_flow("refresh_story_posts_by_profile_id", params)
    assert task.status == Status.COMPLETE and task.data["changed"]["shortcodes"] == [STORY_1]
    run_flow("refresh_story_posts_by_profile_id", {**params, "profile_follower": 5000, "profile_er": 9.0})
    story = InstagramPost.objects.get(shortcode=STORY_1)
    assert (story.profile_follower, story.profile_er) == (1000, 2.5)
    assert not InstagramPost.objects.filter(shortcode=STORY_2).exists()


def test_no_live_stories_is_a_complete_answer(upstream):
    credential("rapidapi-arraybobo")
    upstream.route("GET", "/ig/stories/", body={"reels": {}})
    task = run_flow("refresh_story_posts_by_profile_id", {"profile_id": NASA})
    assert (task.status, task.data["stop_reason"], task.data["fetched"]) == (Status.COMPLETE, "no_live_stories", 0)

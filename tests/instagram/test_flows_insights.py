"""The owner's own Graph API insights, each with the handle's own credential."""
import pytest

from beat.models import Status
from instagram.models import InstagramPost, InstagramProfileInsights
from tests.instagram.test_flows_kit import GRAPH, NASA, NODE, credential, run_flow

pytestmark = pytest.mark.django_db
OWNER = "acme.outdoor"
MEDIA = "18047361235086712"  # DAx1bC2yZ3q in business_discovery.json
OTHER_TOKEN = {"token": "EAAOtherAccountsToken0123456789", "user_id": "17841400000000001"}


@pytest.fixture
def own_token():
    """The owner's own Graph credential, next to another account's."""
    from credentials.services import credential_upsert
    credential_upsert(source="graphapi", credentials=OTHER_TOKEN, handle="other")
    return credential("graphapi", handle=OWNER)


def discovery(upstream):
    """business_discovery answers through either Graph credential (whichever is least recently used)."""
    for node in (NODE, f"/v21.0/{OTHER_TOKEN['user_id']}"):
        upstream.route("GET", node, fixture="instagram_graph/business_discovery.json")


def tokens_sent(upstream, path):
    return {c.query["access_token"] for c in upstream.calls("GET", path)}


def test_post_insights_with_a_post_id_are_read_with_the_owners_token(upstream, own_token):
    upstream.route("GET", f"/v21.0/{MEDIA}/insights", fixture="instagram_graph/media_insights.json")
    task = run_flow("refresh_post_insights", {"shortcode": "DAx1bC2yZ3q", "handle": OWNER, "post_id": MEDIA,
                                              "post_type": "image"})
    assert task.status == Status.COMPLETE, task.error
    assert tokens_sent(upstream, f"/v21.0/{MEDIA}/insights") == {GRAPH["token"]}
    post = InstagramPost.objects.get(shortcode="DAx1bC2yZ3q")
    assert post.reach == 18342 and post.insights_refreshed_at is not None
    assert task.data["changed"]["shortcodes"] == ["DAx1bC2yZ3q"]


def test_post_insights_without_a_post_id_find_the_graph_media_id_first(upstream, own_token):
    discovery(upstream)
    upstream.route("GET", f"/v21.0/{MEDIA}/insights", fixture="instagram_graph/media_insights.json")
    task = run_flow("refresh_post_insights", {"shortcode": "DAx1bC2yZ3q", "handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    assert (task.data["post_id"], task.data["post_type"]) == (MEDIA, "image")
    assert "reach,likes" in upstream.calls("GET", f"/v21.0/{MEDIA}/insights")[0].query["metric"]


def test_post_insights_without_the_owners_token_fail_at_once(upstream):
    credential("graphapi", handle="someone.else")
    task = run_flow("refresh_post_insights", {"shortcode": "DAx1bC2yZ3q", "handle": OWNER, "post_id": MEDIA})
    assert (task.status, task.error["code"]) == (Status.FAILED, "no_provider")
    assert upstream.calls() == []


STORY_PK = "3473929102837465102"  # Instagram's own id of the first story in stories.json (its permalink)
STORY_MEDIA = "17995201348745102"  # the same story's Graph media id


def story_insights_answers(upstream, node=STORY_MEDIA):
    totals = {"data": [{"name": "reach", "period": "lifetime", "values": [{"value": 300}]},
                       {"name": "replies", "period": "lifetime", "values": [{"value": 4}]}]}
    actions = (("tap_forward", 25), ("tap_exit", 15), ("tap_back", 6), ("swipe_forward", 3), ("automatic_forward", 90),
               ("swipe_back", 2), ("swipe_down", 1), ("swipe_up", 5))
    navigation = {"data": [{"name": "navigation", "period": "lifetime", "total_value": {"value": 147, "breakdowns": [{
        "dimension_keys": ["story_navigation_action_type"],
        "results": [{"dimension_values": [action], "value": n} for action, n in actions]}]}}]}
    upstream.route("GET", f"/v21.0/{node}/insights", body=totals)
    upstream.route("GET", f"/v21.0/{node}/insights", query={"breakdown": "story_navigation_action_type"},
                   body=navigation)


def test_story_insights_of_a_scraped_story_ask_graph_for_its_media_id_first(upstream, own_token):
    """A story stored from a scraper has Instagram's pk as its shortcode and post id; Graph knows it by
    another id (asking /{pk}/insights is Graph error 100). The handle's stories are read again through
    Graph with its own token, and the story found by its permalink's pk."""
    upstream.route("GET", f"{NODE}/stories", fixture="instagram_graph/stories.json")
    upstream.route("GET", f"/v21.0/{STORY_PK}/insights", status=400,
                   fixture="instagram_graph/error_invalid_param_100.json")  # what the old request got
    story_insights_answers(upstream)
    task = run_flow("refresh_story_insights", {"shortcode": STORY_PK, "handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["story_id"] == STORY_MEDIA and upstream.calls("GET", f"/v21.0/{STORY_PK}/insights") == []
    assert tokens_sent(upstream, f"{NODE}/stories") == {GRAPH["token"]}
    row = InstagramPost.objects.get(shortcode=STORY_PK)
    assert (row.post_type, row.reach, row.replies, row.taps_forward, row.exits) == ("story", 300, 4, 25, 15)
    # the whole navigation breakdown is kept, as the FastAPI Beat kept it
    assert (row.taps_back, row.swipe_forward, row.automatic_forward, row.swipe_back, row.swipe_down, row.swipe_up) == (
        6, 3, 90, 2, 1, 5)


def test_story_insights_with_a_graph_story_id_ask_it_directly(upstream, own_token):
    story_insights_answers(upstream)
    task = run_flow("refresh_story_insights", {"shortcode": STORY_PK, "story_id": STORY_MEDIA, "handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    assert upstream.calls("GET", f"{NODE}/stories") == []


def test_story_insights_of_a_story_no_longer_live_on_graph_end_not_found(upstream, own_token):
    upstream.route("GET", f"{NODE}/stories", fixture="instagram_graph/stories_empty.json")
    task = run_flow("refresh_story_insights", {"shortcode": STORY_PK, "handle": OWNER})
    assert (task.status, task.data["state"]) == (Status.COMPLETE, "not_found")
    assert [c.path for c in upstream.calls()] == [f"{NODE}/stories"]


def test_profile_insights_store_the_three_audiences_of_the_handle(upstream, own_token):
    discovery(upstream)  # the handle is not stored yet: its profile is looked up first
    upstream.route("GET", f"{NODE}/insights", fixture="instagram_graph/user_insights_follower_demographics.json")
    task = run_flow("refresh_profile_insights", {"handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    insights = InstagramProfileInsights.objects.get(profile_id=task.data["profile_id"])
    assert insights.follower["age"]["25-34"] == 15402
    assert tokens_sent(upstream, f"{NODE}/insights") == {GRAPH["token"]}
    # follower and engaged audiences, each by country, city and gender-age: one metric a request
    assert len(upstream.calls("GET", f"{NODE}/insights")) == 6
    assert task.data["profile_id"] == NASA  # the account the fixture's business_discovery answers

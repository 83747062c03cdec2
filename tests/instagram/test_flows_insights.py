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


def test_story_insights_store_taps_and_exits_on_the_story(upstream, own_token):
    story = "17995201348745102"
    totals = {"data": [{"name": "reach", "period": "lifetime", "values": [{"value": 300}]},
                       {"name": "replies", "period": "lifetime", "values": [{"value": 4}]}]}
    navigation = {"data": [{"name": "navigation", "period": "lifetime", "total_value": {"value": 40, "breakdowns": [{
        "dimension_keys": ["story_navigation_action_type"],
        "results": [{"dimension_values": ["tap_forward"], "value": 25},
                    {"dimension_values": ["tap_exit"], "value": 15}]}]}}]}
    upstream.route("GET", f"/v21.0/{story}/insights", body=totals)
    upstream.route("GET", f"/v21.0/{story}/insights", query={"breakdown": "story_navigation_action_type"},
                   body=navigation)
    task = run_flow("refresh_story_insights", {"shortcode": story, "handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    row = InstagramPost.objects.get(shortcode=story)
    assert (row.post_type, row.reach, row.replies, row.taps_forward, row.exits) == ("story", 300, 4, 25, 15)


def test_profile_insights_store_the_three_audiences_of_the_handle(upstream, own_token):
    discovery(upstream)  # the handle is not stored yet: its profile is looked up first
    upstream.route("GET", f"{NODE}/insights", fixture="instagram_graph/user_insights_follower_demographics.json")
    task = run_flow("refresh_profile_insights", {"handle": OWNER})
    assert task.status == Status.COMPLETE, task.error
    insights = InstagramProfileInsights.objects.get(profile_id=task.data["profile_id"])
    assert insights.follower["age"]["25-34"] == 15402
    assert tokens_sent(upstream, f"{NODE}/insights") == {GRAPH["token"]}
    assert len(upstream.calls("GET", f"{NODE}/insights")) == 3  # country, city, gender-age
    assert task.data["profile_id"] == NASA  # the account the fixture's business_discovery answers

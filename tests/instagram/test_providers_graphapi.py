"""graphapi against the fake upstream: what each call sends, what it reads, how its errors map."""
import pytest

from beat.errors import AuthFailed, InvalidParams, NotFound, RateLimited, UpstreamError
from instagram.providers import GraphAPI
from tests.instagram.test_providers import GRAPH, ME, NASA

pytestmark = pytest.mark.django_db
NODE = f"/v21.0/{ME}"
CURSOR = "QVFIUm1oZAUpLdDFPcWpDUzBLZAXZAVWTJFeXE0dE1RX0lVdk9fR0J0Rl9SZAHp6c0h5"


@pytest.fixture
def graph():
    return GraphAPI(GRAPH)


def only_call(upstream, method, path):
    (call,) = upstream.calls(method, path)
    return call


def test_a_profile_by_handle_is_business_discovery_on_the_callers_own_account(upstream, graph):
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery.json")
    profile, posts = graph.profile_by_handle("@nasa")
    call = only_call(upstream, "GET", NODE)
    assert call.query["access_token"] == GRAPH["token"]
    assert "token" not in call.headers and "user_id" not in call.headers
    fields = call.query["fields"]
    assert fields.startswith("business_discovery.username(nasa){biography,followers_count,follows_count,")
    assert "ig_id,id,media.limit(25){id,caption,comments_count,like_count,media_type," in fields
    assert (profile.profile_id, profile.fbid, profile.handle, profile.followers) == (NASA, "17841400237871380", "nasa",
                                                                                    97831245)
    assert [p.shortcode for p in posts.items] == ["DAx1bC2yZ3q", "DAu9kLmNoPq", "DArTuVwXyZa"]
    assert posts.has_more and posts.next_cursor == CURSOR


def test_the_next_posts_page_asks_for_media_after_the_cursor(upstream, graph):
    upstream.route("GET", NODE, fixture="instagram_graph/business_discovery.json")
    page = graph.posts(NASA, CURSOR, handle="nasa")
    fields = only_call(upstream, "GET", NODE).query["fields"]
    assert fields.startswith("business_discovery.username(nasa){username,ig_id,id,")
    assert f"media.after({CURSOR}).limit(25){{" in fields
    assert len(page.items) == 3 and page.items[0].profile_id == NASA


def test_posts_need_the_handle_because_business_discovery_has_no_lookup_by_id(upstream, graph):
    with pytest.raises(InvalidParams):
        graph.posts(NASA)
    assert upstream.calls() == []


@pytest.mark.parametrize("handle", ["nasa){id}", "nasa,media{id}", "na sa", ""])
def test_a_handle_cannot_add_fields_to_the_request(upstream, graph, handle):
    with pytest.raises(InvalidParams):
        graph.profile_by_handle(handle)
    assert upstream.calls() == []


def test_a_cursor_cannot_add_fields_either(upstream, graph):
    with pytest.raises(InvalidParams):
        graph.posts(NASA, "abc){id}", handle="nasa")
    assert upstream.calls() == []


def test_stories_are_read_from_the_tokens_own_account(upstream, graph):
    upstream.route("GET", f"{NODE}/stories", fixture="instagram_graph/stories.json")
    stories = graph.stories("3370184501")
    call = only_call(upstream, "GET", f"{NODE}/stories")
    assert call.query["fields"] == "id,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp"
    assert [(s.shortcode, s.post_type, s.handle) for s in stories] == [
        ("3473929102837465102", "story", "acme.outdoor"), ("3473931177263390817", "story", "acme.outdoor")]
    assert isinstance(stories, list)


def test_no_live_stories_is_an_empty_list(upstream, graph):
    upstream.route("GET", f"{NODE}/stories", fixture="instagram_graph/stories_empty.json")
    assert graph.stories("3370184501") == []


def test_comments_are_read_by_media_id_with_their_replies(upstream, graph):
    upstream.route("GET", "/v21.0/18047361235086712/comments", fixture="instagram_graph/media_comments.json")
    page = graph.comments("DAx1bC2yZ3q", post_id="18047361235086712")
    first = upstream.calls()[0]
    assert first.query["fields"].startswith("id,text,timestamp,username,like_count,replies{")
    assert "after" not in first.query
    assert [c.parent_id for c in page.items] == [None, None, "17874875428706419"]
    assert page.items[0].shortcode == "DAx1bC2yZ3q" and page.next_cursor == "QVFIUmFmdGVyQ29tbWVudHM"
    graph.comments("DAx1bC2yZ3q", page.next_cursor, post_id="18047361235086712")
    assert upstream.calls()[1].query["after"] == "QVFIUmFmdGVyQ29tbWVudHM"


def test_comments_without_a_media_id_are_a_programming_error(upstream, graph):
    with pytest.raises(InvalidParams):
        graph.comments("DAx1bC2yZ3q")


def test_a_hashtag_is_searched_once_then_its_top_media_paged(upstream, graph):
    upstream.route("GET", "/v21.0/ig_hashtag_search", fixture="instagram_graph/hashtag_search.json")
    upstream.route("GET", "/v21.0/17843826142012701/top_media", fixture="instagram_graph/hashtag_top_media.json")
    page = graph.hashtag("hiking")
    search = only_call(upstream, "GET", "/v21.0/ig_hashtag_search")
    assert search.query == {"user_id": ME, "q": "hiking", "access_token": GRAPH["token"]}
    assert upstream.calls("GET", "/v21.0/17843826142012701/top_media")[0].query["user_id"] == ME
    assert [p.shortcode for p in page.items] == ["DAaBcDeFgHi", "DAZyXwVuTsR", "DAYqPoNmLkJ"]
    assert page.next_cursor.startswith("17843826142012701:")
    graph.hashtag("hiking", page.next_cursor)
    assert len(upstream.calls("GET", "/v21.0/ig_hashtag_search")) == 1  # the id travels in the cursor
    assert upstream.calls()[-1].query["after"] == page.next_cursor.split(":", 1)[1]


def test_image_insights_ask_for_the_feed_metrics(upstream, graph):
    upstream.route("GET", "/v21.0/18047361235086712/insights", fixture="instagram_graph/media_insights.json")
    insights = graph.post_insights("18047361235086712", "image")
    assert upstream.calls()[0].query["metric"] == "reach,likes,comments,saved,shares,total_interactions,views"
    assert (insights.reach, insights.likes, insights.saved, insights.interactions) == (18342, 1204, 153, 1508)


def test_reels_insights_add_the_watch_times(upstream, graph):
    upstream.route("GET", "/v21.0/1/insights", fixture="instagram_graph/media_insights_empty.json")
    insights = graph.post_insights("1", "reels")
    metric = upstream.calls()[0].query["metric"]
    assert "ig_reels_avg_watch_time" in metric and "ig_reels_video_view_total_time" in metric
    assert insights.reach is None and insights.post_id == "1"  # no data yet: unknown, not zero


def test_story_insights_read_the_navigation_breakdown_on_its_own_request(upstream, graph):
    navigation = {"data": [{"name": "navigation", "period": "lifetime", "id": "9/insights/navigation/lifetime",
                            "total_value": {"value": 40, "breakdowns": [{
                                "dimension_keys": ["story_navigation_action_type"],
                                "results": [{"dimension_values": ["tap_forward"], "value": 25},
                                            {"dimension_values": ["tap_exit"], "value": 15}]}]}}]}
    totals = {"data": [{"name": "reach", "period": "lifetime", "values": [{"value": 300}]},
                       {"name": "replies", "period": "lifetime", "values": [{"value": 4}]}]}
    upstream.route("GET", "/v21.0/9/insights", body=totals)
    upstream.route("GET", "/v21.0/9/insights", query={"breakdown": "story_navigation_action_type"}, body=navigation)
    insights = graph.post_insights("9", "story")
    first, second = upstream.calls()
    assert "replies" in first.query["metric"] and "breakdown" not in first.query
    assert second.query["metric"] == "navigation" and second.query["metric_type"] == "total_value"
    assert (insights.reach, insights.replies, insights.taps_forward, insights.exits) == (300, 4, 25, 15)


def test_an_unknown_post_type_has_no_metrics(graph):
    with pytest.raises(InvalidParams):
        graph.post_insights("1", "album")


def test_audience_insights_ask_one_metric_and_one_breakdown_a_request(upstream, graph):
    upstream.route("GET", f"{NODE}/insights", fixture="instagram_graph/user_insights_follower_demographics.json")
    audience = graph.audience_insights()
    calls = upstream.calls("GET", f"{NODE}/insights")
    # the metrics Meta's current reference lists (reached_audience_demographics is gone from it)
    assert [(c.query["metric"], c.query["breakdown"]) for c in calls] == [
        ("follower_demographics", "country"), ("follower_demographics", "city"), ("follower_demographics", "age,gender"),
        ("engaged_audience_demographics", "country"), ("engaged_audience_demographics", "city"),
        ("engaged_audience_demographics", "age,gender")]
    assert all(c.query["period"] == "lifetime" and c.query["metric_type"] == "total_value"
               and c.query["timeframe"] == "this_month" for c in calls)
    assert audience.follower.age["25-34"] == 15402 and audience.fbid == ME
    assert len(graph.answers) == 6  # every answer kept for the snapshot


def timeframe_answers(upstream):
    """Graph's answers with `timeframe`: dimension_keys ["timeframe", <the asked ones>] (Meta's sample);
    the engaged audience's city breakdown refused (error 100)."""
    for metric, breakdown, name in (
            ("follower_demographics", "country", "follower_demographics_timeframe_country"),
            ("follower_demographics", "city", "follower_demographics_timeframe_city"),
            ("follower_demographics", "age,gender", "follower_demographics_timeframe_age_gender"),
            ("engaged_audience_demographics", "country", "engaged_audience_demographics_timeframe_country")):
        upstream.route("GET", f"{NODE}/insights", query={"metric": metric, "breakdown": breakdown},
                       fixture=f"instagram_graph/user_insights_{name}.json")
    # "If insights data ... is currently unavailable, the API will return an empty data set" (reference)
    upstream.route("GET", f"{NODE}/insights", query={"metric": "engaged_audience_demographics",
                                                     "breakdown": "age,gender"}, body={"data": []})
    upstream.route("GET", f"{NODE}/insights", query={"metric": "engaged_audience_demographics", "breakdown": "city"},
                   status=400, fixture="instagram_graph/error_invalid_metric_100.json")


def test_audience_answers_with_a_timeframe_key_are_read_and_a_refused_request_loses_nothing_else(upstream, graph):
    timeframe_answers(upstream)
    audience = graph.audience_insights()
    assert audience.follower.country == {"US": 40210, "IN": 18354, "BR": 6120}
    assert audience.follower.city == {"Houston, Texas": 1502, "London, England": 1188}
    assert audience.follower.gender_age == {"female": {"18-24": 4100, "25-34": 7002},
                                            "male": {"18-24": 5120, "25-34": 8011}, "unknown": {"25-34": 389}}
    assert audience.engaged.country == {"US": 820, "IN": 310} and audience.engaged.city == {}


def test_audience_insights_refused_on_every_request_fail_with_graphs_refusal(upstream, graph):
    upstream.route("GET", f"{NODE}/insights", status=400, fixture="instagram_graph/error_invalid_metric_100.json")
    with pytest.raises(UpstreamError) as error:
        graph.audience_insights()
    assert error.value.permanent and "metric[0]" in error.value.message


@pytest.mark.parametrize("fixture", ["error_rate_limit_app_4.json", "error_rate_limit_user_17.json",
                                     "error_rate_limit_page_32.json", "error_rate_limit_613.json",
                                     "error_rate_limit_buc_80002.json"])
def test_every_graph_throttling_code_is_rate_limited(upstream, graph, fixture):
    upstream.route("GET", NODE, status=400, fixture=f"instagram_graph/{fixture}")
    with pytest.raises(RateLimited) as error:
        graph.profile_by_handle("nasa")
    assert error.value.retry_after > 0 and GRAPH["token"] not in error.value.message


@pytest.mark.parametrize("fixture", ["error_token_expired_190.json", "error_token_invalid_190.json",
                                     "error_missing_permission_10.json"])
def test_a_refused_token_is_auth_failed(upstream, graph, fixture):
    upstream.route("GET", NODE, status=400, fixture=f"instagram_graph/{fixture}")
    with pytest.raises(AuthFailed):
        graph.profile_by_handle("nasa")


def test_a_personal_or_missing_account_is_not_found(upstream, graph):
    upstream.route("GET", NODE, status=400, fixture="instagram_graph/business_discovery_error_not_found.json")
    with pytest.raises(NotFound):
        graph.profile_by_handle("some_personal_account")


def test_not_enough_viewers_is_a_permanent_refusal_not_a_token_problem(upstream, graph):
    upstream.route("GET", "/v21.0/9/insights", status=400,
                   fixture="instagram_graph/error_insights_not_enough_viewers.json")
    with pytest.raises(UpstreamError) as error:
        graph.story_insights("9")
    assert error.value.permanent and error.value.details["reason"] == "insights_unavailable"


@pytest.mark.parametrize("call", [
    lambda g: g.hashtag("hiking", "me/accounts?fields=access_token,name&x=:AFTER"),
    lambda g: g.comments("DAx1bC2yZ3q", post_id="me/accounts"),
    lambda g: g.post_insights("../me", "image"),
    lambda g: g.story_insights("me?fields=access_token"),
])
def test_an_id_that_is_not_a_graph_id_never_reaches_a_path(upstream, graph, call):
    with pytest.raises(InvalidParams, match="not a Graph id"):
        call(graph)
    assert upstream.calls() == []

"""Instagram admin pages: they load with a constant number of queries, filter, chart the history from
the snapshots and create refresh tasks through the queue."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beat.models import ScrapeRequestLog
from instagram import services
from instagram.admin.filters import parse_range
from instagram.models import InstagramAccount, InstagramPost
from instagram.records import AudienceInsightsRecord, Demographics
from tests.instagram.factories import (CommentRecordFactory, InstagramAccountFactory, InstagramPostFactory,
                                       PostRecordFactory, ProfileLogFactory, ProfileRecordFactory,
                                       RelationshipRecordFactory, StoryRecordFactory)

pytestmark = pytest.mark.django_db
ACCOUNTS = reverse("admin:instagram_instagramaccount_changelist")


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["cl"].result_list


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def stored(db):
    """A refreshed profile with posts, a story, comments, followers, insights and snapshots."""
    profile = ProfileRecordFactory(profile_id="528817150", handle="nasa", followers=1000)
    services.profile_upsert(record=profile, source="lama", raw={"pk": "528817150"})
    services.posts_upsert(records=PostRecordFactory.build_batch(3), source="lama", refreshed_profile_id="528817150")
    services.stories_upsert(records=[StoryRecordFactory()], source="lama", profile_id="528817150")
    services.activities_upsert(shortcode="DAx1", records=CommentRecordFactory.build_batch(2), source="lama")
    services.relationships_upsert(profile_id="528817150", relation="follower",
                                  records=RelationshipRecordFactory.build_batch(2), source="lama")
    services.insights_upsert(profile_id="528817150", handle="nasa", record=AudienceInsightsRecord(
        follower=Demographics(country={"US": 10, "FR": 3})))
    return InstagramAccount.objects.get(profile_id="528817150")


@pytest.mark.parametrize("model", ["instagramaccount", "instagrampost", "storypost", "postactivitylog",
                                   "instagramprofileinsights", "profilerelationshiplog", "profilelog", "postlog"])
def test_every_instagram_changelist_and_change_page_loads(admin_client, stored, model):
    rows = shown(admin_client, reverse(f"admin:instagram_{model}_changelist"))
    assert rows
    assert admin_client.get(reverse(f"admin:instagram_{model}_change", args=[rows[0].pk])).status_code == 200


@pytest.mark.parametrize("model", ["instagramaccount", "instagrampost", "storypost", "postactivitylog",
                                   "profilelog"])
def test_changelist_queries_do_not_grow_with_the_rows(admin_client, model):
    url = reverse(f"admin:instagram_{model}_changelist")
    make = {"instagramaccount": lambda: InstagramAccountFactory(),
            "instagrampost": lambda: InstagramPostFactory(),
            "storypost": lambda: InstagramPostFactory(post_type="story"),
            "postactivitylog": lambda: services.activities_upsert(shortcode="DAx1", source="lama",
                                                                  records=[CommentRecordFactory()]),
            "profilelog": lambda: ProfileLogFactory()}[model]
    make()
    few = query_count(admin_client, url)
    for _ in range(30):
        make()
    assert query_count(admin_client, url) == few


def test_posts_leave_stories_to_the_stories_page(admin_client, stored):
    posts = shown(admin_client, reverse("admin:instagram_instagrampost_changelist"))
    stories = shown(admin_client, reverse("admin:instagram_storypost_changelist"))
    assert {p.post_type for p in posts} == {"image"} and len(posts) == 3
    assert [s.post_type for s in stories] == ["story"] and stories[0].profile_follower == 1000


def test_accounts_are_found_by_handle_whatever_its_case_or_at_sign(admin_client, stored):
    InstagramAccountFactory(handle="esa")
    assert [a.handle for a in shown(admin_client, f"{ACCOUNTS}?q=@NAS")] == ["nasa"]


@pytest.mark.parametrize("query, expected", [
    ("state__exact=private", {"hidden"}),
    ("profile_type__exact=business", {"big"}),
    ("followers=1000-10000", {"mid"}),
    ("followers=1000000-", {"big"}),
    ("followers=5k-2m", {"mid", "big"}),  # a custom range typed into the filter's form
    ("followers=-1000", {"hidden"}),
])
def test_accounts_filter_by_state_type_and_follower_range(admin_client, query, expected):
    InstagramAccountFactory(handle="hidden", followers=10, state="private")
    InstagramAccountFactory(handle="mid", followers=5000)
    InstagramAccountFactory(handle="big", followers=1_500_000, profile_type="business")
    assert {a.handle for a in shown(admin_client, f"{ACCOUNTS}?{query}")} == expected


def test_a_custom_follower_range_is_shown_as_chosen_with_a_form_keeping_the_other_filters(admin_client):
    page = admin_client.get(f"{ACCOUNTS}?followers=5k-2m&state__exact=ok").content.decode()
    assert "5k-2m (custom)" in page
    assert 'type="hidden" name="state__exact" value="ok"' in page


@pytest.mark.parametrize("text, bounds", [("1000-5000", (1000, 5000)), ("-1000", (None, 1000)),
                                          ("5k-", (5000, None)), ("1.5m-2M", (1_500_000, 2_000_000)),
                                          ("abc", None), ("-", None), ("x-y", None)])
def test_follower_ranges_read_plain_numbers_and_k_or_m(text, bounds):
    assert parse_range(text) == bounds


def test_the_account_page_and_its_chart_page_draw_the_follower_history(admin_client, stored):
    for followers in (1100, 1250):
        services.profile_upsert(record=ProfileRecordFactory(profile_id="528817150", handle="nasa",
                                                            followers=followers), source="lama")
    change = admin_client.get(reverse("admin:instagram_instagramaccount_change", args=[stored.pk])).content.decode()
    chart = admin_client.get(reverse("admin:instagram_instagramaccount_chart", args=[stored.pk]))
    assert chart.status_code == 200
    for page in (change, chart.content.decode()):
        assert "<polyline" in page and "1,000 on" in page and "1,250 on" in page and "3 snapshots" in page


def test_a_post_chart_page_draws_its_like_history(admin_client):
    post = PostRecordFactory(likes=10)
    for likes in (10, 25):
        services.posts_upsert(records=[PostRecordFactory(shortcode=post.shortcode, likes=likes)], source="lama")
    stored_post = InstagramPost.objects.get()
    page = admin_client.get(reverse("admin:instagram_instagrampost_chart", args=[stored_post.pk])).content.decode()
    assert "<polyline" in page and "25 on" in page and "2 snapshots" in page


def test_an_account_without_snapshots_says_so(admin_client):
    account = InstagramAccountFactory()
    page = admin_client.get(reverse("admin:instagram_instagramaccount_change", args=[account.pk])).content.decode()
    assert "No followers snapshot yet." in page


def test_refresh_now_creates_a_refresh_task_per_account(admin_client, stored):
    by_id_only = services.profile_state_set(profile_id="77", state="not_found")
    response = admin_client.post(ACCOUNTS, {"action": "refresh_now", "_selected_action": [stored.pk, by_id_only.pk]},
                                 follow=True)
    tasks = {(t.flow, tuple(t.params.items()), t.status, t.platform) for t in ScrapeRequestLog.objects.all()}
    assert tasks == {("refresh_profile_by_handle", (("handle", "nasa"),), "PENDING", "INSTAGRAM"),
                     ("refresh_profile_by_profile_id", (("profile_id", "77"),), "PENDING", "INSTAGRAM")}
    assert "Created 2 refresh tasks" in " ".join(str(m) for m in response.context["messages"])


def test_refresh_now_needs_the_permission_to_create_tasks(client, django_user_model, stored):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", password="pw-for-tests-only", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_instagramaccount"))
    client.force_login(viewer)
    response = client.post(ACCOUNTS, {"action": "refresh_now", "_selected_action": [stored.pk]}, follow=True)
    assert response.status_code == 200 and not ScrapeRequestLog.objects.exists()

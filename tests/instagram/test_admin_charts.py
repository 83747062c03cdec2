"""History charts of an Instagram account: followers and average engagement, replayed from the snapshots."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from instagram import services
from instagram.admin.accounts import engagement_history
from instagram.models import InstagramAccount, PostLog, ProfileLog
from tests.instagram.factories import PostRecordFactory, ProfileRecordFactory

pytestmark = pytest.mark.django_db
NASA = "528817150"


def refresh(followers: int, likes: list[int], days_ago: int):
    """A profile refresh days_ago: the profile snapshot, then its posts' snapshots (10 comments each)."""
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, handle="nasa", followers=followers),
                            source="lama")
    services.posts_upsert(records=[PostRecordFactory(shortcode=f"P{i}", likes=n, comments=10)
                                   for i, n in enumerate(likes)], source="lama", refreshed_profile_id=NASA)
    at = timezone.now() - timedelta(days=days_ago)
    ProfileLog.objects.filter(timestamp__gt=at + timedelta(hours=1)).update(timestamp=at)
    PostLog.objects.filter(timestamp__gt=at + timedelta(hours=1)).update(timestamp=at + timedelta(seconds=1))


def test_engagement_history_averages_each_days_post_snapshots_over_the_followers_then():
    refresh(1000, [90, 190], days_ago=2)  # (100 + 200) / 2 / 1000 -> 15 %
    refresh(2000, [390, 390], days_ago=1)  # 400 / 2000 -> 20 %
    account = InstagramAccount.objects.get(profile_id=NASA)
    assert [round(value, 2) for _, value in engagement_history(account, limit=1000)] == [15.0, 20.0]


def test_the_account_page_and_its_chart_page_draw_followers_and_engagement(admin_client):
    refresh(1000, [90], days_ago=2)
    refresh(1250, [240], days_ago=1)
    account = InstagramAccount.objects.get(profile_id=NASA)
    change = admin_client.get(reverse("admin:instagram_instagramaccount_change", args=[account.pk])).content.decode()
    chart = admin_client.get(reverse("admin:instagram_instagramaccount_chart", args=[account.pk])).content.decode()
    for page in (change, chart):
        assert page.count("<polyline") == 2
        assert "followers: 1,000 on" in page and "average engagement %: 10 on" in page and "20 on" in page


def test_an_account_with_no_post_snapshot_says_it_has_no_engagement_history(admin_client):
    refresh(1000, [], days_ago=1)
    account = InstagramAccount.objects.get(profile_id=NASA)
    page = admin_client.get(reverse("admin:instagram_instagramaccount_change", args=[account.pk])).content.decode()
    assert "No average engagement % snapshot yet." in page

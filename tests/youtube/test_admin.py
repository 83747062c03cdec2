"""YouTube admin pages: every page loads, history charts come from the snapshots, and "refresh now"
makes tasks through the queue, 50 ids a task."""
import pytest
from django.urls import reverse

from beat.models import ScrapeRequestLog
from tests.youtube.kit import channel_id, channels_answer, fixture
from youtube.models import YoutubeAccount, YoutubePost
from youtube.parsers import analytics, data_api
from youtube.services import (activities_upsert, channels_upsert, comments_upsert, insights_upsert, posts_upsert,
                              subscriptions_upsert)

pytestmark = pytest.mark.django_db
NASA = "UCLA_DiR1FfKNvjuUpBHmylQ"
MODELS = ["youtubeaccount", "youtubepost", "youtubeprofileinsights", "youtubepostactivitylog", "youtubeactivitylog",
          "youtuberelationshiplog", "youtubeprofilelog", "youtubepostlog"]


@pytest.fixture
def stored(db):
    channel = data_api.parse_channels(fixture("youtube_data/channels_list.json"))
    channels_upsert(records=channel, source="ytapitoken", raw_by_id={NASA: {"id": NASA}})
    channels_upsert(records=channel, source="ytapitoken")
    posts_upsert(records=data_api.parse_videos(fixture("youtube_data/videos_list.json")), source="ytapitoken")
    comments_upsert(shortcode="Aa1Bb2Cc3Dd", source="ytapitoken",
                    records=data_api.parse_comment_threads(fixture("youtube_data/comment_threads.json")).items)
    activities_upsert(records=data_api.parse_activities(fixture("youtube_data/activities.json")).items,
                      source="ytapitoken")
    subscriptions_upsert(source="ytapitoken", records=data_api.parse_subscriptions(
        fixture("youtube_data/subscriptions.json"), channel_id=NASA).items)
    insights_upsert(channel_id=NASA, start_date="2025-08-16", end_date="2025-09-14", record=analytics.parse_audience(
        city=fixture("youtube_analytics/city_views.json"), country=fixture("youtube_analytics/country_views.json"),
        gender_age=fixture("youtube_analytics/demographics_age_gender.json")))
    return YoutubeAccount.objects.get()


@pytest.mark.parametrize("model", MODELS)
def test_every_youtube_changelist_and_change_page_loads(admin_client, stored, model):
    response = admin_client.get(reverse(f"admin:youtube_{model}_changelist"))
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert rows
    assert admin_client.get(reverse(f"admin:youtube_{model}_change", args=[rows[0].pk])).status_code == 200


def test_a_channel_page_charts_its_subscribers_and_views_from_the_snapshots(admin_client, stored):
    page = admin_client.get(reverse("admin:youtube_youtubeaccount_change", args=[stored.pk])).content.decode()
    assert "subscriber history" in page.lower() and "<polyline" in page and "13,100,000" in page
    chart = admin_client.get(reverse("admin:youtube_youtubeaccount_chart", args=[stored.pk]))
    assert chart.status_code == 200 and chart.content.decode().count("<polyline") == 2


def test_channels_are_found_by_handle(admin_client, stored):
    response = admin_client.get(reverse("admin:youtube_youtubeaccount_changelist") + "?q=@NASA")
    assert list(response.context["cl"].result_list) == [stored]


def test_refresh_now_makes_one_task_per_50_channels(admin_client):
    ids = [channel_id(n) for n in range(60)]
    channels_upsert(records=data_api.parse_channels(channels_answer(ids)), source="ytapitoken")
    pks = list(YoutubeAccount.objects.values_list("pk", flat=True))
    admin_client.post(reverse("admin:youtube_youtubeaccount_changelist"),
                      {"action": "refresh_now", "_selected_action": pks})
    tasks = list(ScrapeRequestLog.objects.order_by("id"))
    assert [t.flow for t in tasks] == ["refresh_yt_profiles"] * 2
    assert sorted(len(t.params["channel_ids"]) for t in tasks) == [10, 50]


def test_refresh_now_on_videos_makes_a_refresh_yt_posts_task(admin_client, stored):
    pks = list(YoutubePost.objects.values_list("pk", flat=True))
    admin_client.post(reverse("admin:youtube_youtubepost_changelist"), {"action": "refresh_now",
                                                                        "_selected_action": pks})
    task = ScrapeRequestLog.objects.get()
    assert task.flow == "refresh_yt_posts" and sorted(task.params["post_ids"]) == ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]


def test_admin_pages_are_read_only(admin_client, stored):
    response = admin_client.get(reverse("admin:youtube_youtubeaccount_change", args=[stored.pk]))
    assert b'name="_save"' not in response.content
    assert admin_client.get(reverse("admin:youtube_youtubeaccount_add")).status_code == 403

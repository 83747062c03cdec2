"""The reports read from stored audiences, subscriptions and the ad-vs-organic model service."""
from datetime import datetime, timezone

import pytest

from beat.models import Status
from beat.models_events import OutboxEvent
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import channel_id, video_id, videos_answer
from tests.youtube.reports.kit import read_csv, read_jsonl, run_report
from youtube.models import YoutubeAccount, YoutubeProfileInsights, YoutubeRelationshipLog

pytestmark = pytest.mark.django_db
QUIET = channel_id(3)  # a channel without stored insights


def test_the_demographic_report_writes_shares_by_gender_and_age_as_csv_and_json_lines():
    YoutubeAccount.objects.create(channel_id=NASA, subscribers=13_100_000)
    YoutubeProfileInsights.objects.create(channel_id=NASA, gender_age={
        "male.age18-24": 20.5, "male.age25-34": 30.25, "female.age18-24": 15.0, "female.age65-": 4.25})
    task = run_report("fetch_channel_demographic_csv", {"channel_ids": [NASA, QUIET]})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "channel_demographic_csv")
    ages = ["13_17", "18_24", "25_34", "35_44", "45_54", "55_64", "65"]
    assert header == [f"m_{a}" for a in ages] + [f"f_{a}" for a in ages] + ["male", "female", "total_audience", "id"]
    assert len(rows) == 1  # no stored audience is no row, never zeros
    row = rows[0]
    assert (row["m_18_24"], row["m_25_34"], row["m_13_17"], row["f_18_24"], row["f_65"]) == (
        "20.5", "30.25", "0.0", "15.0", "4.25")
    assert (row["male"], row["female"], row["total_audience"], row["id"]) == ("50.75", "19.25", "13100000", NASA)
    lines = read_jsonl(task, "channel_demographic_json")
    assert lines == [{**{k: float(v) for k, v in row.items() if k not in ("id", "total_audience")},
                      "id": NASA, "total_audience": 13_100_000}]


def test_the_geography_report_gives_each_countrys_share_of_the_views():
    YoutubeProfileInsights.objects.create(channel_id=NASA, country={"US": 600, "IN": 300, "GB": 100})
    task = run_report("fetch_channel_audience_geography_csv", {"channel_ids": NASA})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "channel_audience_geography_csv")
    assert header == ["channel_id", "country", "percentage"]
    assert [tuple(r.values()) for r in rows] == [(NASA, "US", "60.0"), (NASA, "IN", "30.0"), (NASA, "GB", "10.0")]


def test_the_engagement_report_lists_subscriptions_within_the_dates_with_the_filter_column():
    science, art, old = channel_id(10), channel_id(11), channel_id(12)
    YoutubeAccount.objects.create(channel_id=science, title="Science Daily", country="GB", subscribers=5000)
    for other, title, day in ((science, "Science Daily", 5), (art, "Art Hub", 9), (old, "Old", 1)):
        YoutubeRelationshipLog.objects.create(channel_id=NASA, other_channel_id=other, other_title=title,
                                              subscribed_at=datetime(2025, 9 if other != old else 1, day,
                                                                     tzinfo=timezone.utc))
    task = run_report("fetch_channel_engagement_csv", {"channel_ids": [NASA], "start_date": "2025-09-01",
                                                       "end_date": "2025-09-30", "filter_by": "country"})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "channel_engagement_csv")
    assert header == ["Channel Id", "country", "Subscriber Count"]
    assert [tuple(r.values()) for r in rows] == [(NASA, "", ""), (NASA, "GB", "5000")]  # newest first
    task = run_report("fetch_channel_engagement_csv", {"channel_ids": [NASA], "start_date": "2025-09-01",
                                                       "end_date": "2025-09-30", "filter_by": "title"})
    assert [r["title"] for r in read_csv(task, "channel_engagement_csv")[1]] == ["Art Hub", "Science Daily"]


def test_ad_vs_organic_asks_the_model_service_ten_rows_a_request(upstream, settings):
    credential("ytapitoken")
    settings.BEAT_AD_VS_ORGANIC_URL = f"{upstream.url}/ad-vs-organic/predict"
    ids = [video_id(n) for n in range(23)]
    upstream.route("GET", "/videos", body=videos_answer(ids))
    upstream.route("POST", "/ad-vs-organic/predict", body={"predictions": [1, 0] * 5}).then(
        body={"predictions": [0] * 10}).then(body={"predictions": [True, False, True]})
    YoutubeAccount.objects.create(channel_id=NASA, subscribers=13_100_000, uploads=4200)
    task = run_report("fetch_ad_vs_organic_csv", {"video_ids": ids})
    assert task.status == Status.COMPLETE, task.error
    sent = [call.json["rows"] for call in upstream.calls("POST", "/ad-vs-organic/predict")]
    assert [len(rows) for rows in sent] == [10, 10, 3]
    assert [row["videoId"] for rows in sent for row in rows] == ids
    header, rows = read_csv(task, "ad_vs_organic_csv")
    assert header == ["videoId", "ad_predicted", "view", "Channel_videoCount", "duration", "Channel_SubscriberCount",
                      "DislikeCount", "Videoage", "likecount", "commentcount"]
    assert [r["ad_predicted"] for r in rows] == ["1", "0"] * 5 + ["0"] * 10 + ["1", "0", "1"]
    age = (datetime.now(timezone.utc) - datetime(2025, 9, 15, 14, 0, 6, tzinfo=timezone.utc)).days
    assert rows[0] == {"videoId": ids[0], "ad_predicted": "1", "view": "284113", "Channel_videoCount": "4200",
                       "duration": "754", "Channel_SubscriberCount": "13100000", "DislikeCount": "",
                       "Videoage": str(age), "likecount": "15902", "commentcount": "1203"}


def test_ad_vs_organic_without_the_model_service_fails_clearly_before_any_call(upstream, settings):
    credential("ytapitoken")
    settings.BEAT_AD_VS_ORGANIC_URL = None
    task = run_report("fetch_ad_vs_organic_csv", {"video_ids": [video_id(1)]})
    assert task.status == Status.FAILED
    assert task.error["code"] == "misconfigured" and "BEAT_AD_VS_ORGANIC_URL" in task.error["message"]
    assert upstream.calls() == []


def test_a_finished_report_emits_its_tasks_completion_event():
    YoutubeProfileInsights.objects.create(channel_id=NASA, country={"US": 1})
    task = run_report("fetch_channel_audience_geography_csv", {"channel_ids": [NASA]})
    statuses = [e.payload["status"] for e in OutboxEvent.objects.filter(
        routing_key="scrape_request_log_events", payload__scrape_id=task.pk).order_by("created_at")]
    assert statuses[-1] == Status.COMPLETE and task.status == Status.COMPLETE

"""The YouTube storage services on PostgreSQL: upserts on natural keys that never forget a known value,
snapshots on every write, states, keywords."""
import json
from dataclasses import replace

import pytest

from tests.fakeupstream import FIXTURES
from youtube.models import (YoutubeAccount, YoutubePost, YoutubePostActivityLog, YoutubePostLog, YoutubeProfileInsights,
                            YoutubeProfileLog)
from youtube.parsers import analytics, data_api
from youtube.records import AudienceRecord
from youtube.services import (channel_state_set, channels_upsert, comments_upsert, insights_upsert, post_type_set,
                              posts_upsert)
from youtube.services.posts import post_type_of

pytestmark = pytest.mark.django_db
NASA = "UCLA_DiR1FfKNvjuUpBHmylQ"


def load(name):
    return json.loads((FIXTURES / name).read_text())


def test_a_channel_is_stored_once_and_snapshotted_on_every_refresh():
    (record,) = data_api.parse_channels(load("youtube_data/channels_list.json"))
    first = channels_upsert(records=[record], source="ytapitoken", raw_by_id={NASA: {"id": NASA}}, task_id=5)
    again = channels_upsert(records=[replace(record, subscribers=None, title="")], source="yt-v31")
    assert (first.created, again.updated) == (1, 1)
    channel = YoutubeAccount.objects.get()
    assert (channel.subscribers, channel.title, channel.source, channel.handle) == (13_100_000, "NASA", "yt-v31",
                                                                                     "nasa")
    logs = list(YoutubeProfileLog.objects.order_by("id"))
    assert len(logs) == 2 and logs[0].raw == {"id": NASA} and logs[0].metrics["subscribers"] == 13_100_000
    assert logs[0].parser_version == "youtube-1" and "subscribers" not in logs[1].metrics


def test_a_channel_that_stopped_answering_keeps_its_figures_under_a_state():
    (record,) = data_api.parse_channels(load("youtube_data/channels_list.json"))
    channels_upsert(records=[record], source="ytapitoken")
    channel_state_set(channel_ids=[NASA, "UC" + "q" * 22], state="not_found", source="ytapitoken")
    stored = dict(YoutubeAccount.objects.values_list("channel_id", "state"))
    assert stored == {NASA: "not_found", "UC" + "q" * 22: "not_found"}
    assert YoutubeAccount.objects.get(channel_id=NASA).subscribers == 13_100_000


@pytest.mark.parametrize("seconds,kind", [(58, "short"), (60, "short"), (61, None), (180, None), (181, "video"),
                                          (754, "video"), (None, None)])
def test_the_duration_decides_short_or_video_only_where_it_can(seconds, kind):
    assert post_type_of(seconds) == kind


def test_videos_keep_the_tasks_dimensions_get_keywords_and_a_snapshot_each():
    records = data_api.parse_videos(load("youtube_data/videos_list.json"))
    result = posts_upsert(records=records, source="ytapitoken", playlist_id="PL1", category="Science",
                          topic="space", task_id=9)
    assert (result.created, list(result.keys)) == (2, ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"])
    long, short = YoutubePost.objects.order_by("shortcode")
    assert (long.post_type, short.post_type, long.duration, long.likes) == ("video", "short", 754, 15902)
    assert (long.category, long.topic, long.playlist_id, long.category_id) == ("Science", "space", "PL1", "28")
    assert long.keywords and all(word == word.lower() for word in long.keywords)
    assert YoutubePostLog.objects.filter(task_id=9).count() == 2


def test_a_later_listing_without_statistics_does_not_wipe_them():
    posts_upsert(records=data_api.parse_videos(load("youtube_data/videos_list.json")), source="ytapitoken")
    posts_upsert(records=data_api.parse_playlist_items(load("youtube_data/playlist_items_page1.json")).items,
                 source="ytapitoken")
    video = YoutubePost.objects.get(shortcode="Aa1Bb2Cc3Dd")
    assert (video.views, video.duration, video.playlist_id) == (284113, 754, "UU" + NASA[2:])


def test_the_checked_post_type_wins_over_the_duration():
    posts_upsert(records=data_api.parse_videos(load("youtube_data/videos_list.json")), source="ytapitoken")
    assert post_type_set(shortcode="Ee4Ff5Gg6Hh", post_type="video") == 1
    assert YoutubePost.objects.get(shortcode="Ee4Ff5Gg6Hh").post_type == "video"


def test_comments_are_upserted_by_id_with_their_keywords():
    page = data_api.parse_comment_threads(load("youtube_data/comment_threads.json"))
    comments_upsert(shortcode="Aa1Bb2Cc3Dd", records=page.items, source="ytapitoken", task_id=1)
    again = comments_upsert(shortcode="Aa1Bb2Cc3Dd", records=page.items, source="ytapitoken", task_id=2)
    assert (again.created, again.updated) == (0, 2)
    comment = YoutubePostActivityLog.objects.get(comment_id="UgxDemoThread0001AaBbCc4AaABAg")
    assert (comment.likes, comment.replies, comment.task_id) == (214, 3, 2)
    assert "launch" in comment.keywords


def test_an_audience_report_without_rows_keeps_the_stored_audience():
    audience = analytics.parse_audience(city=load("youtube_analytics/city_views.json"),
                                        country=load("youtube_analytics/country_views.json"),
                                        gender_age=load("youtube_analytics/demographics_age_gender.json"))
    insights_upsert(channel_id=NASA, record=audience, start_date="2025-08-16", end_date="2025-09-14")
    insights_upsert(channel_id=NASA, record=AudienceRecord(), start_date="2025-08-17", end_date="2025-09-15")
    stored = YoutubeProfileInsights.objects.get()
    assert stored.city["Houston"] == 20412 and stored.gender_age["female.age18-24"] == 6.2
    assert str(stored.end_date) == "2025-09-15"

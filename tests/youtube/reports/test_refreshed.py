"""The reports that refresh through the YouTube flows first: channels, video details, a channel's
videos, playlists and keyword searches, against the fake upstream."""
from datetime import datetime, timezone

import pytest

from beat.models import Status
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import channels_answer, fixture, video_id, videos_answer
from tests.youtube.reports.kit import read_csv, run_report
from youtube.models import YoutubeAccount, YoutubePost

pytestmark = pytest.mark.django_db
CHANNEL_HEADER = ["id", "title", "description", "customUrl", "country", "viewCount", "subscriberCount",
                  "videoCount"]
VIDEO_HEADER = ["id", "publishedAt", "channelId", "title", "description", "channelTitle", "tags", "categoryId",
                "defaultAudioLanguage", "seconds", "viewCount", "likeCount", "commentCount"]
IDS = ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]


def test_the_channels_report_refreshes_the_channels_then_writes_their_columns(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids": [NASA]})
    assert task.status == Status.COMPLETE, task.error
    assert len(upstream.calls("GET", "/channels")) == 1
    header, rows = read_csv(task, "channels_csv")
    assert header == CHANNEL_HEADER
    item = fixture("youtube_data/channels_list.json")["items"][0]
    assert rows == [{"id": NASA, "title": "NASA", "description": item["snippet"]["description"],
                     "customUrl": "@nasa", "country": "US", "viewCount": "1482093311",
                     "subscriberCount": "13100000", "videoCount": item["statistics"]["videoCount"]}]
    name = task.data["files"]["channels_csv"]
    assert name == f"reports/fetch_channels_csv/{task.scraped_at:%Y-%m-%d}/{task.pk}/channels.csv"
    assert task.data["channels_csv"] == f"/scrape_request_log/flow/{task.pk}/files/channels_csv"
    assert task.data["rows"] == {"channels_csv": 1} and task.data["steps"]["refresh"]["source"] == "ytapitoken"


def test_video_details_are_refreshed_and_hidden_likes_are_empty_cells(upstream):
    credential("ytapitoken")
    answer = videos_answer(IDS)
    del answer["items"][1]["statistics"]["likeCount"]  # the owner hides the likes
    upstream.route("GET", "/videos", body=answer)
    task = run_report("fetch_video_details_csv", {"video_ids": IDS})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "video_details_csv")
    assert header == VIDEO_HEADER
    assert [row["id"] for row in rows] == IDS
    assert rows[0] == {"id": "Aa1Bb2Cc3Dd", "publishedAt": "2025-09-15T14:00:06Z", "channelId": NASA,
                       "title": "Artemis II Crew Training Update",
                       "description": "Full description of the video with links and credits.",
                       "channelTitle": "NASA", "tags": "NASA,Artemis,Moon", "categoryId": "28",
                       "defaultAudioLanguage": "en", "seconds": "754", "viewCount": "284113", "likeCount": "15902",
                       "commentCount": "1203"}
    assert rows[1]["likeCount"] == "" and rows[1]["viewCount"] == "284113"


def test_a_channels_videos_are_those_published_within_the_dates_refreshed_first(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    upstream.route("GET", "/videos", body=videos_answer(IDS))
    YoutubePost.objects.create(shortcode=video_id(1), channel_id=NASA, title="older",
                               published_at=datetime(2025, 8, 1, tzinfo=timezone.utc))
    task = run_report("fetch_channel_videos_csv", {"channel_ids": NASA, "start_date": "2025-09-01",
                                                   "end_date": "2025-09-30"})
    assert task.status == Status.COMPLETE, task.error
    assert upstream.calls("GET", "/search")[0].query["channelId"] == NASA
    header, rows = read_csv(task, "channel_video_csv")
    assert header == VIDEO_HEADER
    assert sorted(row["id"] for row in rows) == sorted(IDS)  # the August video is outside the dates
    assert {row["channelId"] for row in rows} == {NASA} and task.data["fetched"] == 2


def test_each_playlists_videos_carry_the_playlist_asked(upstream):
    credential("ytapitoken")
    page1 = ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]
    nxt = fixture("youtube_data/playlist_items_page1.json")["nextPageToken"]
    upstream.route("GET", "/playlistItems", fixture="youtube_data/playlist_items_page1.json")
    upstream.route("GET", "/playlistItems", query={"pageToken": nxt},
                   fixture="youtube_data/playlist_items_page2_last.json")
    upstream.route("GET", "/videos", query={"id": ",".join(page1)}, body=videos_answer(page1))
    upstream.route("GET", "/videos", query={"id": "Ii7Jj8Kk9Ll"}, body=videos_answer(["Ii7Jj8Kk9Ll"]))
    task = run_report("fetch_playlist_videos_csv", {"playlist_ids": ["PLspace"]})
    assert task.status == Status.COMPLETE, task.error
    assert upstream.calls("GET", "/playlistItems")[0].query["playlistId"] == "PLspace"
    header, rows = read_csv(task, "playlist_video_csv")
    assert header == VIDEO_HEADER + ["playlistId"]
    assert [(row["id"], row["playlistId"]) for row in rows] == [(v, "PLspace") for v in page1 + ["Ii7Jj8Kk9Ll"]]


def test_keyword_videos_come_as_video_channel_and_mapping_files(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    upstream.route("GET", "/videos", body=videos_answer(IDS))
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_keyword_videos_csv", {"keywords": ["artemis moon"], "start_date": "2025-09-01",
                                                   "end_date": "2025-09-07"})
    assert task.status == Status.COMPLETE, task.error
    assert upstream.calls("GET", "/search")[0].query["q"] == "artemis moon"
    header, videos = read_csv(task, "video_list_csv")
    assert header == VIDEO_HEADER + ["post_keywords", "post_thumbnail", "post_type"]
    assert [v["id"] for v in videos] == IDS
    stored = YoutubePost.objects.get(shortcode=IDS[0])
    assert videos[0]["post_keywords"] == ",".join(stored.keywords) and videos[0]["post_keywords"]
    assert videos[0]["post_thumbnail"] == stored.thumbnail and videos[0]["post_type"] == "video"
    header, channels = read_csv(task, "channel_list_csv")
    assert header == CHANNEL_HEADER and [c["id"] for c in channels] == [NASA]
    header, mapping = read_csv(task, "keyword_video_mapping_csv")
    assert header == ["keyword", "video_id"]
    assert mapping == [{"keyword": "artemis moon", "video_id": v} for v in IDS]
    assert YoutubeAccount.objects.get().refreshed_at is not None

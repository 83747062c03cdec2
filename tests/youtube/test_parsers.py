"""Every YouTube parser on every fixture its source can answer with (tests/fixtures, README s. 2, 3, 6)."""
import json
from datetime import datetime, timezone

import pytest

from beat.errors import BadResponse, NotFound
from tests.fakeupstream import FIXTURES
from youtube.parsers import analytics, data_api, youtube138
from youtube.parsers.common import iso_duration

NASA = "UCLA_DiR1FfKNvjuUpBHmylQ"


def load(name):
    return json.loads((FIXTURES / name).read_text())


@pytest.mark.parametrize("fixture", ["youtube_data/channels_list.json", "rapidapi/youtube_v31_channels.json"])
def test_the_data_api_and_its_mirror_read_nasas_channel_the_same_way(fixture):
    (channel,) = data_api.parse_channels(load(fixture))
    assert (channel.channel_id, channel.title, channel.handle, channel.country) == (NASA, "NASA", "nasa", "US")
    assert (channel.subscribers, channel.views, channel.uploads) == (13_100_000, 1_482_093_311, 8542)
    assert channel.is_subscriber_count_hidden is False
    assert channel.published_at == datetime(2005, 12, 19, 19, 50, 51, tzinfo=timezone.utc)
    assert channel.thumbnail.endswith("s800-c-k-c0x00ffffff-no-rj")


def test_the_full_channel_answer_carries_the_uploads_playlist_and_branding():
    (channel,) = data_api.parse_channels(load("youtube_data/channels_list.json"))
    assert channel.uploads_playlist_id == "UU" + NASA[2:]
    assert channel.keywords.startswith("NASA space") and channel.banner_url.startswith("https://yt3.")


def test_a_hidden_subscriber_count_is_unknown_not_zero():
    raw = load("youtube_data/channels_list.json")
    raw["items"][0]["statistics"].update(hiddenSubscriberCount=True, subscriberCount="0")
    (channel,) = data_api.parse_channels(raw)
    assert (channel.subscribers, channel.is_subscriber_count_hidden) == (None, True)


def test_an_answer_without_items_is_no_channel():
    assert data_api.parse_channels(load("youtube_data/channels_list_empty.json")) == []


def test_videos_read_counts_durations_and_details():
    long, short = data_api.parse_videos(load("youtube_data/videos_list.json"))
    assert (long.shortcode, long.duration, long.views, long.likes, long.comments) == (
        "Aa1Bb2Cc3Dd", 754, 284113, 15902, 1203)
    assert (long.tags, long.category_id, long.audio_language, long.definition) == (
        ("NASA", "Artemis", "Moon"), "28", "en", "hd")
    assert (long.is_licensed, long.has_captions, long.channel_id) == (False, True, NASA)
    assert long.thumbnail.endswith("maxresdefault.jpg")
    assert short.duration == 58


def test_hidden_likes_and_disabled_comments_are_unknown():
    raw = load("youtube_data/videos_list.json")
    del raw["items"][0]["statistics"]["likeCount"], raw["items"][0]["statistics"]["commentCount"]
    video = data_api.parse_videos(raw)[0]
    assert (video.likes, video.comments) == (None, None)


def test_unknown_video_ids_give_no_videos():
    assert data_api.parse_videos(load("youtube_data/videos_list_empty.json")) == []


@pytest.mark.parametrize("text,seconds", [("PT12M34S", 754), ("PT58S", 58), ("PT1H2M3S", 3723), ("P1DT2H", 93600),
                                          ("P0D", 0), ("", None), ("12:34", None), ("PT", None)])
def test_iso_durations_become_seconds(text, seconds):
    assert iso_duration(text) == seconds


def test_a_playlist_page_gives_video_ids_in_order_and_the_next_page_token():
    page = data_api.parse_playlist_items(load("youtube_data/playlist_items_page1.json"))
    assert [v.shortcode for v in page.items] == ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]
    assert page.next_cursor.startswith("EAAajgFQVDpD") and page.has_more
    first = page.items[0]
    assert (first.channel_id, first.playlist_id) == (NASA, "UU" + NASA[2:])
    assert first.published_at == datetime(2025, 9, 15, 14, 0, 6, tzinfo=timezone.utc)  # the video's own time


def test_the_last_playlist_page_has_no_next_page():
    page = data_api.parse_playlist_items(load("youtube_data/playlist_items_page2_last.json"))
    assert ([v.shortcode for v in page.items], page.has_more) == (["Ii7Jj8Kk9Ll"], False)


@pytest.mark.parametrize("fixture,token", [("youtube_data/search_list.json", "CAIQAA"),
                                           ("rapidapi/youtube_v31_search.json", "CDIQAA")])
def test_search_results_are_videos_with_their_titles_unescaped(fixture, token):
    raw = load(fixture)
    raw["items"][0]["snippet"]["title"] = "Rock &amp; Roll &#39;25"
    page = data_api.parse_search(raw)
    assert [v.shortcode for v in page.items] == ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"] and page.next_cursor == token
    assert page.items[0].title == "Rock & Roll '25"


def test_search_leaves_out_channels_and_playlists_but_can_list_channel_ids():
    raw = load("youtube_data/search_list.json")
    raw["items"][1]["id"] = {"kind": "youtube#channel", "channelId": NASA}
    assert [v.shortcode for v in data_api.parse_search(raw).items] == ["Aa1Bb2Cc3Dd"]
    assert data_api.parse_search_channel_ids(raw) == [NASA]


def test_comment_threads_give_plain_text_likes_replies_and_authors():
    page = data_api.parse_comment_threads(load("youtube_data/comment_threads.json"))
    first, second = page.items
    assert (first.comment_id, first.shortcode, first.channel_id) == ("UgxDemoThread0001AaBbCc4AaABAg", "Aa1Bb2Cc3Dd",
                                                                     NASA)
    assert (first.text, first.likes, first.replies, first.author_name) == (
        "Can't wait for launch day! 🚀", 214, 3, "@spacefan_demo")
    assert first.author_channel_id == "UCdemoAuthorChannel0000001" and first.edited_at is None
    assert second.text == "What time is the 5:12 burn?"  # textOriginal, not the HTML of textDisplay
    assert page.has_more


def test_activities_name_the_video_they_are_about():
    page = data_api.parse_activities(load("youtube_data/activities.json"))
    upload, added = page.items
    assert (upload.activity_type, upload.video_id, upload.channel_id) == ("upload", "Aa1Bb2Cc3Dd", NASA)
    assert (added.activity_type, added.video_id, added.playlist_id) == (
        "playlistItem", "Ee4Ff5Gg6Hh", "PLiuUQ9asub3Q3Wf1zKb9kFv2bS0dYhV5X")
    assert page.next_cursor == "CAIQAA"


def test_subscriptions_name_the_channels_subscribed_to():
    page = data_api.parse_subscriptions(load("youtube_data/subscriptions.json"), channel_id=NASA)
    assert [(s.channel_id, s.other_channel_id, s.other_title) for s in page.items] == [
        (NASA, "UCryGec9PdUCLjpJW2mgCuLw", "NASA Jet Propulsion Laboratory"),
        (NASA, "UCIBaDdAbGlFDeS33shmlD0A", "ESA")]
    assert page.items[0].subscribed_at == datetime(2021, 3, 2, 10, 11, 12, 345000, tzinfo=timezone.utc)
    assert not page.has_more


def test_an_audience_reads_cities_countries_and_gender_by_age():
    audience = analytics.parse_audience(city=load("youtube_analytics/city_views.json"),
                                        country=load("youtube_analytics/country_views.json"),
                                        gender_age=load("youtube_analytics/demographics_age_gender.json"))
    assert audience.city == {"Houston": 20412, "Los Angeles": 18977, "Bengaluru": 9120}
    assert list(audience.country)[:2] == ["US", "IN"] and audience.country["ZZ"] == 1204
    assert audience.gender_age["male.age25-34"] == 24.3 and len(audience.gender_age) == 14
    assert round(sum(audience.gender_age.values()), 1) == 100.0


def test_a_report_without_rows_is_no_data_not_zero():
    empty = load("youtube_analytics/empty_no_rows.json")
    audience = analytics.parse_audience(city=empty, country=empty, gender_age=empty)
    assert (audience.city, audience.country, audience.gender_age) == ({}, {}, {})


def test_other_reports_read_as_rows_by_column_name():
    days = analytics.parse_report(load("youtube_analytics/daily_views.json"))
    assert days[0] == {"day": "2025-09-08", "views": 41203, "estimatedMinutesWatched": 89122,
                       "averageViewDuration": 129, "subscribersGained": 312, "subscribersLost": 41}
    assert analytics.parse_report(load("youtube_analytics/demographics_gender_only.json"))[1] == {
        "gender": "male", "viewerPercentage": 74.3}


def test_an_answer_that_is_no_result_table_is_a_bad_response():
    with pytest.raises(BadResponse):
        analytics.parse_report({"kind": "something else"})


def test_the_token_answer_gives_the_access_token_and_its_scopes():
    token = analytics.parse_token(load("google_oauth/token.json"))
    assert token.token.startswith("ya29.") and token.expires_in == 3599
    assert "https://www.googleapis.com/auth/yt-analytics.readonly" in token.scopes
    assert "ya29" not in repr(token)
    with pytest.raises(BadResponse):
        analytics.parse_token({"token_type": "Bearer"})


def test_youtube138_reads_the_channel_asked_for():
    channel = youtube138.parse_channel_details(load("rapidapi/youtube138_channel_details.json"), channel_id=NASA)
    assert (channel.title, channel.handle, channel.subscribers, channel.views, channel.uploads) == (
        "NASA", "nasa", 13_100_000, 1_482_093_311, 8542)
    assert (channel.is_verified, channel.uploads_playlist_id, channel.country) == (True, "UU" + NASA[2:], "US")
    assert channel.thumbnail.endswith("s176-c-k-c0x00ffffff-no-rj")


def test_youtube138_about_another_channel_is_not_found():
    with pytest.raises(NotFound):
        youtube138.parse_channel_details(load("rapidapi/youtube138_channel_details.json"),
                                         channel_id="UC" + "x" * 22)


def test_youtube138_channel_videos_give_ids_durations_views_and_the_cursor():
    page = youtube138.parse_channel_videos(load("rapidapi/youtube138_channel_videos.json"), channel_id=NASA)
    assert [(v.shortcode, v.duration, v.views) for v in page.items] == [
        ("Aa1Bb2Cc3Dd", 754, 284113), ("Ee4Ff5Gg6Hh", 58, 1920447)]
    assert page.next_cursor.startswith("4qmFsg") and page.items[0].published_at is None

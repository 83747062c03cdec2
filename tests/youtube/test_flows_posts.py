"""refresh_yt_posts, by playlist and by channel through the real queue against the fake upstream."""
import pytest

from beat.models import Status
from tests.youtube.conftest import NASA, V31, YT138, credential
from tests.youtube.kit import fixture, run_flow, video_id, videos_answer
from youtube.models import YoutubeAccount, YoutubePost

pytestmark = pytest.mark.django_db
UPLOADS = "UU" + NASA[2:]
PAGE1 = ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]
PAGE2 = ["Ii7Jj8Kk9Ll"]
NEXT = fixture("youtube_data/playlist_items_page1.json")["nextPageToken"]


def route_videos(upstream, ids, prefix=""):
    upstream.route("GET", f"{prefix}/videos", query={"id": ",".join(ids)}, body=videos_answer(ids))


def route_uploads(upstream):
    upstream.route("GET", "/playlistItems", fixture="youtube_data/playlist_items_page1.json")
    upstream.route("GET", "/playlistItems", query={"pageToken": NEXT},
                   fixture="youtube_data/playlist_items_page2_last.json")
    route_videos(upstream, PAGE1)
    route_videos(upstream, PAGE2)


def test_videos_by_id_are_asked_50_a_call_with_the_tasks_dimensions(upstream):
    credential("ytapitoken")
    ids = [video_id(n) for n in range(75)]
    route_videos(upstream, ids[:50])
    route_videos(upstream, ids[50:])
    task = run_flow("refresh_yt_posts", {"post_ids": ids, "category": "Science", "topic": "space",
                                         "playlist_id": "PLx"})
    assert task.status == Status.COMPLETE, task.error
    assert [len(c.query["id"].split(",")) for c in upstream.calls("GET", "/videos")] == [50, 25]
    assert (task.data["created"], task.data["pages"], task.data["quota_units"], task.data["not_found"]) == (
        75, 2, 2, [])
    assert set(YoutubePost.objects.values_list("category", "topic", "playlist_id")) == {("Science", "space", "PLx")}


def test_videos_that_do_not_exist_are_named_in_the_result(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/videos", fixture="youtube_data/videos_list_empty.json")
    task = run_flow("refresh_yt_posts", {"post_ids": ["Zz9Yy8Xx7Ww"]})
    assert (task.status, task.data["not_found"], task.data["created"]) == (Status.COMPLETE, ["Zz9Yy8Xx7Ww"], 0)


def test_a_channels_uploads_are_read_to_the_last_page_with_each_pages_details(upstream):
    credential("ytapitoken")
    route_uploads(upstream)
    task = run_flow("refresh_yt_posts_by_playlist_id", {"channel_id": NASA})
    assert task.status == Status.COMPLETE, task.error
    assert (task.data["pages"], task.data["stop_reason"], task.data["calls"]) == (2, "end", 4)
    assert task.data["changed"]["shortcodes"] == PAGE1 + PAGE2
    assert upstream.calls("GET", "/playlistItems")[0].query["playlistId"] == UPLOADS
    assert set(YoutubePost.objects.values_list("playlist_id", flat=True)) == {UPLOADS}
    assert YoutubePost.objects.get(shortcode="Ii7Jj8Kk9Ll").views == 284113


def test_uploads_with_nothing_new_cost_two_calls(upstream):
    credential("ytapitoken")
    route_uploads(upstream)
    run_flow("refresh_yt_posts_by_playlist_id", {"channel_id": NASA})
    before = len(upstream.calls())
    task = run_flow("refresh_yt_posts_by_playlist_id", {"channel_id": NASA})
    assert (task.status, task.data["stop_reason"], task.data["calls"]) == (Status.COMPLETE, "reached_stored", 2)
    assert len(upstream.calls()) - before == 2 and task.data["updated"] == 2


def test_the_stored_channels_uploads_playlist_is_used(upstream):
    credential("ytapitoken")
    YoutubeAccount.objects.create(channel_id=NASA, uploads_playlist_id="UUcustom")
    upstream.route("GET", "/playlistItems", fixture="youtube_data/playlist_items_page2_last.json")
    route_videos(upstream, PAGE2)
    run_flow("refresh_yt_posts_by_playlist_id", {"channel_id": NASA})
    assert upstream.calls("GET", "/playlistItems")[0].query["playlistId"] == "UUcustom"


def test_a_playlist_is_read_whole_even_when_its_videos_are_stored(upstream):
    credential("ytapitoken")
    route_uploads(upstream)
    run_flow("refresh_yt_posts_by_playlist_id", {"playlist_id": UPLOADS})
    task = run_flow("refresh_yt_posts_by_playlist_id", {"playlist_id": UPLOADS, "max_posts": 2})
    assert (task.status, task.data["stop_reason"], task.data["fetched"]) == (Status.COMPLETE, "limit", 2)


def test_a_playlist_that_does_not_exist_is_an_answer(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/playlistItems", status=404, fixture="youtube_data/error_playlist_not_found_404.json")
    task = run_flow("refresh_yt_posts_by_playlist_id", {"playlist_id": "PLgone"})
    assert (task.status, task.attempts, task.data["state"]) == (Status.COMPLETE, 1, "not_found")


def test_a_channels_videos_are_searched_within_the_dates_asked(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    route_videos(upstream, PAGE1)
    task = run_flow("refresh_yt_posts_by_channel_id", {"channel_id": NASA, "filter": {
        "start_date": "2025-09-01", "end_date": "2025-09-15"}})
    assert task.status == Status.COMPLETE, task.error
    first = upstream.calls("GET", "/search")[0].query
    assert (first["publishedAfter"], first["publishedBefore"]) == ("2025-09-01T00:00:00Z", "2025-09-16T00:00:00Z")
    assert (task.data["created"], task.data["pages"], task.data["quota_units"]) == (2, 2, 201)


def test_a_quota_spent_on_the_first_page_falls_back_to_the_mirror(upstream):
    credential("ytapitoken")
    credential("yt-v31")
    upstream.route("GET", "/search", fixture="youtube_data/error_quota_exceeded_403.json")
    upstream.route("GET", f"{V31}/search", fixture="rapidapi/youtube_v31_search.json")
    upstream.route("GET", f"{V31}/search", query={"pageToken": "CDIQAA"}, body={"items": []})
    route_videos(upstream, PAGE1, prefix=V31)
    task = run_flow("refresh_yt_posts_by_channel_id", {"channel_id": NASA})
    assert (task.status, task.data["source"], task.data["created"]) == (Status.COMPLETE, "yt-v31", 2)


def test_a_quota_spent_mid_walk_ends_partial_with_what_was_found(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"},
                   fixture="youtube_data/error_quota_exceeded_403.json")
    route_videos(upstream, PAGE1)
    task = run_flow("refresh_yt_posts_by_channel_id", {"channel_id": NASA})
    assert (task.status, task.data["stop_reason"], task.data["created"]) == (Status.PARTIAL, "rate_limited", 2)
    assert any(t["outcome"] == "rate_limited" and "quota" in t["reason"] for t in task.data["tried"])


def test_rapidapi_yt_answers_last_and_its_videos_are_kept_to_the_dates(upstream):
    credential("rapidapi-yt")
    credential("yt-v31")
    upstream.route("GET", f"{V31}/search", status=503, body={"message": "down"})
    upstream.route("GET", f"{YT138}/channel/videos/", fixture="rapidapi/youtube138_channel_videos.json")
    upstream.route("GET", f"{YT138}/channel/videos/", query={"cursor": "4qmFsgKrCBIYVUNMQV9EaVIxRmZLTnZqdVVwQkhteWxR"},
                   body={"contents": []})
    answer = videos_answer(PAGE1)
    answer["items"][1]["snippet"]["publishedAt"] = "2025-08-01T00:00:00Z"  # before the window
    upstream.route("GET", f"{V31}/videos", body=answer)
    task = run_flow("refresh_yt_posts_by_channel_id", {"channel_id": NASA, "filter": {
        "start_date": "2025-09-01", "end_date": "2025-09-30"}})
    assert (task.status, task.data["source"]) == (Status.COMPLETE, "rapidapi-yt"), task.error
    assert list(YoutubePost.objects.values_list("shortcode", flat=True)) == ["Aa1Bb2Cc3Dd"]

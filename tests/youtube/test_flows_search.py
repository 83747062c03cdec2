"""Keyword search over date windows and genre refreshes, through the real queue."""
from datetime import date

import pytest

from beat.errors import InvalidParams
from beat.models import Status
from beat.queue.services import submit
from tests.youtube.conftest import credential
from tests.youtube.kit import run_flow, videos_answer
from youtube.flows.search import windows
from youtube.models import YoutubePost

IDS = ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]


def d(text):
    return date.fromisoformat(text)


@pytest.mark.parametrize("start,end,frequency,expected", [
    ("2025-09-01", "2025-09-14", None, [("2025-09-01", "2025-09-07"), ("2025-09-08", "2025-09-14")]),
    ("2025-09-01", "2025-09-10", None, [("2025-09-01", "2025-09-07"), ("2025-09-08", "2025-09-10")]),
    ("2025-01-01", "2025-03-15", None, [("2025-01-01", "2025-01-30"), ("2025-01-31", "2025-03-01"),
                                       ("2025-03-02", "2025-03-15")]),
    ("2025-09-01", "2025-09-03", 1, [("2025-09-01", "2025-09-01"), ("2025-09-02", "2025-09-02"),
                                     ("2025-09-03", "2025-09-03")]),
    ("2025-09-01", "2025-09-01", None, [("2025-09-01", "2025-09-01")]),
])
def test_windows_are_weekly_below_60_days_monthly_above_or_the_frequency_asked(start, end, frequency, expected):
    assert windows(d(start), d(end), frequency) == [(d(a), d(b)) for a, b in expected]


@pytest.mark.django_db
@pytest.mark.parametrize("frequency", ["0", "fortnightly", "999"])
def test_a_bad_frequency_is_refused_at_submit(frequency):
    with pytest.raises(InvalidParams):
        submit("refresh_yt_posts_by_search", {"keywords": ["nasa"], "start_date": "2025-09-01",
                                              "end_date": "2025-09-14", "frequency": frequency})


@pytest.mark.django_db
def test_each_keyword_is_searched_in_each_window_to_its_last_page(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    upstream.route("GET", "/videos", body=videos_answer(IDS))
    task = run_flow("refresh_yt_posts_by_search", {"keywords": "artemis,webb", "start_date": "2025-09-01",
                                                   "end_date": "2025-09-14", "frequency": "weekly",
                                                   "categorization": True})
    assert task.status == Status.COMPLETE, task.error
    searched = [(c.query["q"], c.query["publishedAfter"], c.query["publishedBefore"], c.query.get("pageToken"))
                for c in upstream.calls("GET", "/search")]
    assert searched[:2] == [("artemis", "2025-09-01T00:00:00Z", "2025-09-08T00:00:00Z", None),
                            ("artemis", "2025-09-01T00:00:00Z", "2025-09-08T00:00:00Z", "CAIQAA")]
    assert len(searched) == 8 and len(task.data["steps"]) == 4
    assert task.data["quota_units"] == 8 * 100 + 4  # a search is 100 units, videos.list 1
    assert task.data["categorization"] == "skipped: no model service is configured"
    assert set(YoutubePost.objects.values_list("shortcode", flat=True)) == set(IDS)


@pytest.mark.django_db
def test_a_genre_searches_its_category_in_its_language(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    upstream.route("GET", "/videos", body=videos_answer(IDS))
    task = run_flow("refresh_yt_posts_by_genre", {"category": "28", "language": "en"})
    assert task.status == Status.COMPLETE, task.error
    sent = upstream.calls("GET", "/search")[0].query
    assert (sent["videoCategoryId"], sent["relevanceLanguage"], "q" in sent) == ("28", "en", False)
    assert set(YoutubePost.objects.values_list("category", flat=True)) == {"28"}

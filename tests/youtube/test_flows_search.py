"""Keyword search over date windows and genre refreshes, through the real queue."""
from datetime import date

import pytest

from beat.errors import InvalidParams
from beat.models import Status
from beat.models_upstream import UpstreamCall
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


@pytest.fixture
def found(upstream):
    """One search page of two videos: "Artemis II Crew Training Update" and "Webb Reveals a Stellar
    Nursery (4K)"."""
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    answer = videos_answer(IDS)
    answer["items"][1]["snippet"]["title"] = "Webb Reveals a Stellar Nursery (4K)"
    upstream.route("GET", "/videos", body=answer)
    return upstream


SEARCH = {"keywords": ["artemis"], "start_date": "2025-09-01", "end_date": "2025-09-07", "categorization": True}


@pytest.mark.django_db
def test_the_model_services_categorizer_labels_the_titles_in_batches_and_they_are_stored(found, settings,
                                                                                         monkeypatch):
    from enrichment import model_service

    monkeypatch.setattr(model_service, "BATCH", 1)  # one title a request instead of 200
    settings.BEAT_MODEL_SERVICE_URL = found.url + "/models"
    found.route("POST", "/models/categorizer", body={"labels": ["Science & Technology"]}).then(
        body={"labels": [" Astronomy "]})
    task = run_flow("refresh_yt_posts_by_search", SEARCH)
    assert task.status == Status.COMPLETE, task.error
    assert [call.json for call in found.calls("POST", "/models/categorizer")] == [
        {"texts": ["Artemis II Crew Training Update"]}, {"texts": ["Webb Reveals a Stellar Nursery (4K)"]}]
    assert dict(YoutubePost.objects.values_list("shortcode", "category")) == {
        "Aa1Bb2Cc3Dd": "Science & Technology", "Ee4Ff5Gg6Hh": "Astronomy"}
    assert task.data["categorization"] == "2 videos categorized"
    recorded = UpstreamCall.objects.filter(source="models").values_list("endpoint", "status_code")
    assert list(recorded) == [("/models/categorizer", 200)] * 2  # recorded like every upstream call


@pytest.mark.django_db
def test_the_categorizer_is_not_asked_unless_the_task_asks_for_categorization(found, settings):
    settings.BEAT_MODEL_SERVICE_URL = found.url + "/models"
    task = run_flow("refresh_yt_posts_by_search", SEARCH | {"categorization": False})
    assert task.status == Status.COMPLETE and "categorization" not in task.data
    assert not found.calls("POST", "/models/categorizer")


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [
    {"status": 500, "body": {"error": "model not loaded"}},
    {"body": {"labels": ["Science"]}},  # one label for two titles
    {"body": {"labels": ["Science", 7]}},  # a label that is no text
])
def test_a_categorizer_that_cannot_answer_leaves_the_videos_stored_and_the_task_partial(found, settings, answer):
    settings.BEAT_MODEL_SERVICE_URL = found.url + "/models"
    found.route("POST", "/models/categorizer", **answer)
    task = run_flow("refresh_yt_posts_by_search", SEARCH)
    assert task.status == Status.PARTIAL, task.error
    assert task.data["stop_reason"].startswith("categorization: ")
    assert task.data["categorization"].startswith("failed: ")
    assert set(YoutubePost.objects.values_list("category", flat=True)) == {None}
    assert YoutubePost.objects.count() == 2

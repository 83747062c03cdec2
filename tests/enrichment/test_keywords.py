"""fetch_keyword_collection: whole-word keyword matches in stored captions, in a period, as Parquet
with the FastAPI Beat's columns and a demographic summary."""
from datetime import datetime, timezone

import pytest

from beat.models import Status
from enrichment.keywords.report import COLUMNS, matcher
from enrichment.reports import read_parquet
from instagram.models import InstagramAccount, InstagramPost, InstagramProfileInsights
from tests.enrichment.conftest import run_flow

pytestmark = pytest.mark.django_db
MARCH = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("caption, found", [
    ("New ART drop today 🎨", True),  # case-insensitive
    ("art!", True),
    ("What a party 🎉", False),  # inside another word
    ("#art is life", True),  # a hashtag is the word too
    ("L'art de vivre à Paris", True),  # French
    ("Arte contemporáneo", False),  # Spanish "arte" is another word
    ("मेरी art गैलरी", True),  # Hindi around an English word
    ("smart-art", True),  # a hyphen separates words
    ("", False),
])
def test_a_keyword_matches_as_a_whole_word_in_any_case(caption, found):
    assert bool(matcher(["Art"]).search(caption)) is found


def test_several_keywords_and_non_latin_ones_match():
    pattern = matcher(["café", "ракета"])
    assert pattern.search("Un CAFÉ s'il vous plaît")
    assert pattern.search("Наша ракета взлетела 🚀")
    assert not pattern.search("cafés and ракеты")


@pytest.fixture
def stored(db):
    InstagramAccount.objects.create(profile_id="1", handle="painter", full_name="A Painter", followers=5000,
                                    following=10, media_count=300, category="Artist", avg_engagement=4.2,
                                    profile_pic_url="https://cdn.example/p.jpg")
    InstagramProfileInsights.objects.create(profile_id="1", handle="painter", follower={
        "country": {"IN": 300, "US": 100}, "gender": {"F": 250, "M": 150}})
    posts = [("P1", "1", "Fresh ART in the studio 🎨", MARCH),
             ("P2", "1", "party tonight", MARCH),
             ("P3", "1", "old art", datetime(2024, 1, 1, tzinfo=timezone.utc)),
             ("P4", "2", "Street art tour", MARCH.replace(day=20))]
    for shortcode, profile_id, caption, when in posts:
        InstagramPost.objects.create(shortcode=shortcode, profile_id=profile_id, caption=caption, publish_time=when,
                                     post_type="image", likes=100, comments=5, keywords=["art", "studio"])
    InstagramPost.objects.create(shortcode="S1", profile_id="1", caption="art story", publish_time=MARCH,
                                 post_type="story")


def params(platform="INSTAGRAM"):
    return {"job_id": "job-42", "platform": platform, "keywords": ["art", "sculpture"],
            "start_date": "2025-03-01", "end_date": "2025-03-31"}


def test_the_report_lists_matching_posts_of_the_period_with_their_profiles(stored, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = run_flow("fetch_keyword_collection", params(), queue="messages")
    assert task.status == Status.COMPLETE, task.error
    rows = read_parquet(task.data["report_path"])
    assert list(rows[0]) == list(COLUMNS)
    assert [row["shortcode"] for row in rows] == ["P4", "P1"]  # newest first; no party, no 2024, no story
    first = rows[1]
    assert (first["handle"], first["profile_followers"], first["profile_upload"], first["engagement_rate"]) == (
        "painter", 5000, 300, 4.2)
    assert first["post_keywords"] == "art,studio" and first["post_title"] == "Fresh ART in the studio 🎨"
    assert rows[0]["profile_followers"] is None  # its profile is not stored: unknown, not zero
    demographic = read_parquet(task.data["demographic_report_path"])
    assert {(r["source"], r["dimension"], r["bucket"]): r["followers"] for r in demographic} == {
        ("graphapi", "country", "IN"): 300, ("graphapi", "country", "US"): 100, ("graphapi", "gender", "F"): 250,
        ("graphapi", "gender", "M"): 150}
    assert task.data["rows"] == 2


def test_a_task_writes_two_files_the_report_and_its_demographic_summary(stored, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_flow("fetch_keyword_collection", params(), queue="messages")
    assert len(list(tmp_path.rglob("*.parquet"))) == 2


def test_youtube_is_refused_clearly_until_its_search_flow_exists(stored):
    task = run_flow("fetch_keyword_collection", params("YOUTUBE"), queue="messages")
    assert task.status == Status.FAILED and task.error["code"] == "not_implemented"
    assert "refresh_yt_posts_by_search" in task.error["message"]


def test_a_search_cut_short_by_the_cap_ends_partial(stored, settings, tmp_path, monkeypatch):
    from enrichment.keywords import report as keyword_report

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(keyword_report, "MAX_POSTS", 1)  # the cap, made small instead of 50,000 posts
    task = run_flow("fetch_keyword_collection", params(), queue="messages")
    assert task.status == Status.PARTIAL and task.data["rows"] == 1


def test_profiles_without_graph_insights_are_summarised_from_their_gpt_audience(stored, settings, tmp_path):
    from enrichment.models import GptProfileData

    settings.MEDIA_ROOT = tmp_path
    InstagramAccount.objects.create(profile_id="2", handle="street", followers=1000)
    GptProfileData.objects.create(handle="street", profile_id="2", kind="audience_cities", prompt_version="v1",
                                  model="m", data={"audience": {"cities": {"Pune": 0.75, "Goa": 0.25}}})
    GptProfileData.objects.create(handle="painter", profile_id="1", kind="audience_cities", prompt_version="v1",
                                  model="m", data={"audience": {"cities": {"Paris": 1.0}}})  # Graph's figures win
    task = run_flow("fetch_keyword_collection", params(), queue="messages")
    estimated = {r["bucket"]: r["followers"] for r in read_parquet(task.data["demographic_report_path"])
                 if r["source"] == "gpt"}
    assert estimated == {"Pune": 750, "Goa": 250}

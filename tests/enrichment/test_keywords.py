"""fetch_keyword_collection: whole-word keyword matches in stored captions, in a period, as Parquet
with the FastAPI Beat's columns and a demographic summary."""
from datetime import datetime, timezone

import pytest

from beat.models import Status
from beat.models_events import OutboxEvent
from enrichment.keywords.report import COLUMNS, matcher
from enrichment.reports import read_parquet
from instagram.models import InstagramAccount, InstagramPost, InstagramProfileInsights
from tests.enrichment.conftest import run_flow
from tests.youtube.conftest import NASA, credential, upstream  # noqa: F401 (the fake YouTube upstream)
from tests.youtube.kit import videos_answer
from youtube.models import YoutubeAccount, YoutubePost, YoutubeProfileInsights

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


def youtube_params(**changes):
    return {"job_id": "yt-7", "platform": "YOUTUBE", "keywords": ["artemis"], "start_date": "2025-09-10",
            "end_date": "2025-09-20"} | changes


@pytest.fixture
def searchable(upstream):  # noqa: F811 (the fixture imported above)
    """The search fixture's two videos: "Artemis II Crew Training Update" (15 Sep) and "Webb Reveals a
    Stellar Nursery (4K)" (12 Sep); NASA stored with its Analytics audience; two stored videos that must
    not match."""
    credential("ytapitoken")
    upstream.route("GET", "/search", fixture="youtube_data/search_list.json")
    upstream.route("GET", "/search", query={"pageToken": "CAIQAA"}, body={"items": []})
    answer = videos_answer(["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"])  # 15,902 likes, 1,203 comments, 284,113 views each
    answer["items"][1]["snippet"].update(title="Webb Reveals a Stellar Nursery (4K)",
                                         publishedAt="2025-09-12T16:29:58Z")
    upstream.route("GET", "/videos", body=answer)
    YoutubeAccount.objects.create(channel_id=NASA, title="NASA", custom_url="@NASA", subscribers=1_000_000,
                                  uploads=8000, thumbnail="https://yt3.ggpht.com/nasa.jpg")
    YoutubeProfileInsights.objects.create(channel_id=NASA, country={"US": 600, "IN": 400},
                                          gender_age={"female.age25-34": 40.0, "male.age25-34": 60.0})
    YoutubePost.objects.create(shortcode="Zz9Yy8Xx7Ww", channel_id=NASA, title="Artemisia tea",
                               published_at=datetime(2025, 9, 14, tzinfo=timezone.utc))  # not the word
    YoutubePost.objects.create(shortcode="Vv6Uu5Tt4Ss", channel_id=NASA, title="ARTEMIS I launch",
                               published_at=datetime(2022, 11, 16, tzinfo=timezone.utc))  # before the period
    return upstream


def test_a_youtube_collection_searches_first_then_reports_the_videos_whose_title_has_the_word(searchable, settings,
                                                                                               tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = run_flow("fetch_keyword_collection", youtube_params(), queue="messages")
    assert task.status == Status.COMPLETE, task.error
    searched = searchable.calls("GET", "/search")
    assert {call.query["q"] for call in searched} == {"artemis"} and len(searched) == 4  # 2 weekly windows, 2 pages
    assert task.data["search"]["fetched"] == 4 and task.data["search"]["quota_units"] == 4 * 100 + 2
    rows = read_parquet(task.data["report_path"])
    assert list(rows[0]) == list(COLUMNS)
    assert [row["shortcode"] for row in rows] == ["Aa1Bb2Cc3Dd"]  # not Webb, not Artemisia, not 2022
    row = rows[0]
    assert row == row | {
        "profile_id": NASA, "post_title": "Artemis II Crew Training Update", "post_comments": 1203,
        "post_likes": 15902, "post_views": 284113, "post_type": "video", "post_reach": None,
        "profile_followers": 1_000_000, "profile_following": None, "profile_upload": 8000, "profile_title": "NASA",
        "profile_pic_url": "https://yt3.ggpht.com/nasa.jpg", "handle": "@NASA", "category": None}
    assert row["post_publish_time"] == datetime(2025, 9, 15, 14, 0, 6, tzinfo=timezone.utc)
    assert row["post_thumbnail_url"].startswith("https://i.ytimg.com/vi/")
    assert "artemis" in row["post_keywords"].split(",")
    assert row["engagement_rate"] == pytest.approx((15902 + 1203) / 1_000_000 * 100)
    demographic = read_parquet(task.data["demographic_report_path"])
    assert {(r["dimension"], r["bucket"]): (r["followers"], r["profiles"]) for r in demographic} == {
        ("country", "US"): (600_000, 1), ("country", "IN"): (400_000, 1),
        ("gender_age", "female.age25-34"): (400_000, 1), ("gender_age", "male.age25-34"): (600_000, 1),
        ("gender", "female"): (400_000, 1), ("gender", "male"): (600_000, 1), ("age", "25-34"): (1_000_000, 1)}
    assert {r["source"] for r in demographic} == {"ytapi"}
    event = OutboxEvent.objects.get(routing_key="keyword_collection_report_completion")
    assert (event.exchange, event.payload["job_id"], event.payload["report_asset"]["path"]) == (
        "coffee.dx", "yt-7", task.data["report_path"])


def test_a_video_whose_channel_is_unknown_has_no_subscribers_and_no_engagement_rate(searchable, settings,
                                                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path
    YoutubeAccount.objects.filter(channel_id=NASA).update(subscribers=None)  # hidden
    task = run_flow("fetch_keyword_collection", youtube_params(keywords=["webb", "ARTEMIS"]), queue="messages")
    rows = read_parquet(task.data["report_path"])
    assert [row["shortcode"] for row in rows] == ["Aa1Bb2Cc3Dd", "Ee4Ff5Gg6Hh"]
    assert {(row["profile_followers"], row["engagement_rate"]) for row in rows} == {(None, None)}
    assert read_parquet(task.data["demographic_report_path"]) == []  # no subscribers to share out


def test_a_youtube_search_the_quota_cuts_short_makes_the_report_partial(searchable, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    searchable.route("GET", "/search", query={"pageToken": "CAIQAA"}, status=403,
                     fixture="youtube_data/error_quota_exceeded_403.json")
    task = run_flow("fetch_keyword_collection", youtube_params(), queue="messages")
    assert task.status == Status.PARTIAL, task.error
    assert task.data["stop_reason"].startswith("search: ")
    assert [row["shortcode"] for row in read_parquet(task.data["report_path"])] == ["Aa1Bb2Cc3Dd"]

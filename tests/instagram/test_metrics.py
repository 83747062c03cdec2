"""The FastAPI Beat's formulas, checked against values worked out by hand in the comments."""

from datetime import datetime, timedelta, timezone

import pytest

from instagram.metrics import (
    account_averages, engagement_rate, estimate_reach, post_metrics, post_reach, round2, story_reach,
)
from instagram.records import PostRecord

T0 = datetime(2025, 9, 1, tzinfo=timezone.utc)


def post(likes=0, comments=0, kind="image", reach=None, plays=None, days_ago=0, code=None):
    code = code or f"p{likes}_{comments}_{kind}_{days_ago}"
    return PostRecord(shortcode=code, post_type=kind, likes=likes, comments=comments, reach=reach,
                      plays=plays, publish_time=T0 - timedelta(days=days_ago))


@pytest.mark.parametrize("likes,comments,followers,rate", [
    (90, 10, 1000, 10.0),  # (90 + 10) / 1000 x 100 = 10
    (1, 0, 3, 33.33),  # 1 / 3 x 100 = 33.333... -> 33.33
    (90, 10, 0, 0.0),  # no followers: 0, not a division error
    (None, None, 1000, 0.0),  # unknown counts count as 0
])
def test_engagement_rate_is_likes_plus_comments_over_followers_in_percent(likes, comments, followers, rate):
    assert round2(engagement_rate(likes, comments, followers)) == rate


@pytest.mark.parametrize("kind,likes,plays,followers,reach", [
    # log2(1024) = 10; 0.94 - 0.010 = 0.93; 1234 x 0.93 = 1147.62 -> 1147
    ("reels", 0, 1234, 1024, 1147),
    ("reels", 10, 0, 1024, 0),  # no plays
    ("reels", 10, 1234, 0, 0),  # no followers
    # log10(50) = 1.698970; 7.6 - 0.7 x 1.698970 = 6.410721; x 0.85 = 5.449113; x 50 = 272.46 -> 272
    ("image", 50, None, 1000, 272),
    ("carousel", 50, None, 0, 272),  # followers do not enter the static formula
    ("image", 0, None, 1000, 0),  # no likes
])
def test_estimated_reach_follows_the_formula_of_its_post_type(kind, likes, plays, followers, reach):
    assert estimate_reach(kind, likes=likes, plays=plays, followers=followers) == reach


def test_a_stored_reach_wins_over_the_estimate():
    assert post_reach(post(likes=50, reach=999), 1000) == 999
    assert post_reach(post(likes=50, reach=0), 1000) == 272  # 0 is "no stored reach"


@pytest.mark.parametrize("followers,avg_engagement,reach", [
    # -0.000025017 x 10000 = -0.25017; log2(2 + 2) = 2; 1.11 x (10000 x 2 x 2 / 100) = 444; 443.75 -> 444
    (10000, 2.0, 444),
    # log2(6 + 2) = 3; 1.11 x (10000 x 3 x 2 / 100) = 666; 666 - 0.25017 = 665.75 -> 666
    (10000, 6.0, 666),
    (0, 6.0, 0),
    (10000, 0.0, 0),
])
def test_story_reach_needs_followers_and_engagement(followers, avg_engagement, reach):
    assert story_reach(followers, avg_engagement) == reach


SIX = [post(100, 10, reach=500, days_ago=1), post(90, 10, reach=400, days_ago=2),
       post(50, 5, reach=300, days_ago=3), post(40, 0, reach=200, days_ago=4),
       post(20, 5, reach=100, days_ago=5), post(10, 0, reach=50, days_ago=6)]


def test_averages_drop_the_two_best_and_two_worst_of_more_than_four_posts():
    # by likes + comments: 110, 100, 55, 40, 25, 10 -> keep 55 (50/5, reach 300) and 40 (40/0, reach 200)
    averages = account_averages(SIX, followers=1000)
    assert averages.avg_likes == 45  # (50 + 40) / 2
    assert averages.avg_comments == 2.5  # (5 + 0) / 2
    assert averages.avg_reach == 250  # (300 + 200) / 2
    assert averages.avg_engagement == pytest.approx(4.75)  # (5.5 + 4.0) / 2


def test_averages_keep_every_post_when_there_are_four_or_fewer():
    assert account_averages(SIX[:4], followers=1000).avg_likes == 70  # (100 + 90 + 50 + 40) / 4


def test_averages_read_only_the_twelve_latest_posts():
    # 12 recent posts with 10..120 likes; trimmed to 30..100 -> 520 / 8 = 65.
    # The 13th, older post (100 likes) would make it (520 + 100) / 9 = 68.89.
    recent = [post(10 * i, days_ago=i) for i in range(1, 13)]
    assert account_averages(recent + [post(100, days_ago=30)], followers=1000).avg_likes == 65


def test_reels_plays_are_averaged_over_reels_sorted_by_plays():
    # plays 100..600 -> drop 600, 500 and 200, 100 -> (300 + 400) / 2 = 350
    reels = [post(5, kind="reels", plays=100 * i, days_ago=i) for i in range(1, 7)]
    assert account_averages(reels + SIX, followers=1000).avg_reels_plays == 350


def test_an_estimated_reach_enters_the_average_when_none_is_stored():
    # one reel, 1234 plays, 1024 followers: 1147 (see above)
    assert account_averages([post(1, kind="reels", plays=1234)], followers=1024).avg_reach == 1147


MIXED = [post(100, reach=1000, days_ago=1), post(60, reach=600, days_ago=2),
         post(30, kind="carousel", reach=300, days_ago=3),
         post(80, kind="reels", reach=4000, plays=5000, days_ago=4),
         post(40, kind="reels", reach=2000, plays=3000, days_ago=5),
         post(10**6, kind="story", reach=10**6, days_ago=0)]


def test_post_metrics_give_all_static_and_reels_figures():
    metrics = post_metrics(MIXED, followers=1000)
    # all (stories left out): 100, 80, 60, 40, 30 -> keep 60 (reach 600): ER 60 / 1000 x 100 = 6
    assert metrics["all"] == {"avg_likes": 60, "avg_comments": 0, "avg_reach": 600, "avg_engagement": 6.0,
                              "avg_reels_plays": 4000}  # (5000 + 3000) / 2, two reels kept
    # static: 100, 60, 30 kept -> 190 / 3 = 63.33; reach 1900 / 3 = 633.33; ER (10 + 6 + 3) / 3 = 6.33
    static = {k: round2(v) for k, v in metrics["static"].items()}
    assert static == {"avg_likes": 63.33, "avg_comments": 0, "avg_reach": 633.33, "avg_engagement": 6.33}
    # reels: likes (80 + 40) / 2 = 60; reach (4000 + 2000) / 2 = 3000; ER (8 + 4) / 2 = 6
    assert metrics["reels"] == {"avg_likes": 60, "avg_comments": 0, "avg_reach": 3000, "avg_engagement": 6.0,
                                "avg_plays": 4000}


def test_post_metrics_of_a_group_without_posts_are_unknown_not_zero():
    assert post_metrics(SIX, followers=1000)["reels"] == {
        "avg_likes": None, "avg_comments": None, "avg_reach": None, "avg_engagement": None, "avg_plays": None}


def test_an_account_without_followers_has_zero_engagement():
    assert account_averages(SIX, followers=0).avg_engagement == 0

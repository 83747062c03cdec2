"""The FastAPI Beat's engagement and reach formulas, exactly.

- engagement rate = (likes + comments) / followers x 100, 0 when followers is 0; answers serve it
  unrounded, as the FastAPI Beat did (only the admin rounds, for display).
- estimated reach, used when a post has no stored reach (None or 0):
  reels plays x (0.94 - 0.001 x log2(followers)), 0 when plays or followers is 0;
  image / carousel (7.6 - 0.7 x log10(likes)) x 0.85 x likes, 0 when likes is 0;
  truncated to a whole number as the FastAPI Beat did (int()).
- story reach -0.000025017 x followers + 1.11 x (followers x |log2(avg_engagement + 2)| x 2 / 100)
  when followers and avg_engagement are both positive, else 0; rounded.
- averages over the 12 latest posts: sorted by likes + comments, the top 2 and bottom 2 dropped when
  there are more than 4, then the mean likes, comments, reach and engagement rate (each post's rate
  with the account's followers); reels plays the same way over the 12 latest reels sorted by plays.

Posts are anything with post_type, likes, comments, plays, reach and publish_time attributes
(PostRecord or the instagram_post model); a missing count counts as 0 here, as in the FastAPI Beat.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

LATEST = 12
TRIM = 2  # dropped at each end ...
TRIM_ABOVE = 4  # ... when there are more posts than this
STATIC_TYPES = ("image", "carousel")
FEED_TYPES = ("image", "carousel", "reels")  # stories have their own reach formula


@dataclass(frozen=True)
class Averages:
    """None when there was no post to average."""

    avg_likes: float | None = None
    avg_comments: float | None = None
    avg_reach: float | None = None
    avg_engagement: float | None = None
    avg_reels_plays: float | None = None


def round2(value: float | None) -> float | None:
    """How the admin shows a rate or an average (answers serve them unrounded)."""
    return None if value is None else round(value, 2)


def engagement_rate(likes: int | None, comments: int | None, followers: int | None) -> float:
    if not followers:
        return 0.0
    return ((likes or 0) + (comments or 0)) / followers * 100


def estimate_reach(post_type: str, *, likes: int | None, plays: int | None, followers: int | None) -> int:
    if post_type == "reels":
        if not plays or not followers:
            return 0
        return int(plays * (0.94 - 0.001 * math.log2(followers)))
    if not likes:
        return 0
    return int((7.6 - 0.7 * math.log10(likes)) * 0.85 * likes)


def post_reach(post, followers: int | None) -> int:
    """The stored reach when there is one, else the estimate."""
    if post.reach:
        return post.reach
    return estimate_reach(post.post_type, likes=post.likes, plays=post.plays, followers=followers)


def story_reach(followers: int | None, avg_engagement: float | None) -> int:
    if not followers or not avg_engagement or followers <= 0 or avg_engagement <= 0:
        return 0
    return round(-0.000025017 * followers + 1.11 * (followers * abs(math.log2(avg_engagement + 2)) * 2 / 100))


def account_averages(posts: Iterable, followers: int | None) -> Averages:
    """What is stored on the account at each refresh (stories left out)."""
    feed = [p for p in posts if p.post_type in FEED_TYPES]
    figures = _averages(feed, followers)
    return Averages(**figures, avg_reels_plays=_reels_plays(feed))


def post_metrics(posts: Iterable, followers: int | None) -> dict:
    """The API's post_metrics: the same figures for all posts, static (image + carousel) and reels."""
    feed = [p for p in posts if p.post_type in FEED_TYPES]
    static = [p for p in feed if p.post_type in STATIC_TYPES]
    reels = [p for p in feed if p.post_type == "reels"]
    return {
        "all": {**_averages(feed, followers), "avg_reels_plays": _reels_plays(feed)},
        "static": _averages(static, followers),
        "reels": {**_averages(reels, followers), "avg_plays": _reels_plays(reels)},
    }


def _averages(posts: list, followers: int | None) -> dict:
    kept = _trim(_latest(posts), key=lambda p: (p.likes or 0) + (p.comments or 0))
    if not kept:
        return {"avg_likes": None, "avg_comments": None, "avg_reach": None, "avg_engagement": None}
    return {
        "avg_likes": _mean(p.likes or 0 for p in kept),
        "avg_comments": _mean(p.comments or 0 for p in kept),
        "avg_reach": _mean(post_reach(p, followers) for p in kept),
        "avg_engagement": _mean(engagement_rate(p.likes, p.comments, followers) for p in kept),
    }


def _reels_plays(posts: list) -> float | None:
    kept = _trim(_latest([p for p in posts if p.post_type == "reels"]), key=lambda p: p.plays or 0)
    return _mean(p.plays or 0 for p in kept) if kept else None


def _latest(posts: list) -> list:
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(posts, key=lambda p: p.publish_time or oldest, reverse=True)[:LATEST]


def _trim(posts: list, key) -> list:
    ranked = sorted(posts, key=key, reverse=True)
    return ranked[TRIM:-TRIM] if len(ranked) > TRIM_ABOVE else ranked


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)

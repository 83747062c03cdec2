"""The keyword collection report for YouTube: stored videos whose title matches a keyword as a whole
word (case-insensitive) within a period, with their channels, in the report's columns; and a
demographic summary of those channels' stored Analytics audiences (youtube_profile_insights).

YouTube has no reach and no following: those columns are empty, never zero.
"""
from datetime import date

from enrichment.keywords import report
from enrichment.keywords.report import containing, matcher, period
from youtube.metrics import engagement_rate
from youtube.models import YoutubeAccount, YoutubePost, YoutubeProfileInsights

SOURCE = "ytapi"  # Analytics answers reach Beat through the channel's own OAuth grant


def matching_videos(keywords: list[str], start: date, end: date) -> tuple[list[YoutubePost], bool]:
    """Videos published from start to end (both days whole) whose title has a keyword as a word, and
    whether report.MAX_POSTS candidates cut the search short."""
    since, until = period(start, end)
    candidates = list(YoutubePost.objects.filter(containing("title", keywords), published_at__gte=since,
                                                 published_at__lte=until)
                      .order_by("-published_at", "shortcode")[:report.MAX_POSTS])
    pattern = matcher(keywords)
    return [video for video in candidates if pattern.search(video.title or "")], len(candidates) >= report.MAX_POSTS


def report_rows(videos: list[YoutubePost]) -> list[dict]:
    channels = {row.channel_id: row for row in YoutubeAccount.objects.filter(
        channel_id__in={video.channel_id for video in videos if video.channel_id})}
    rows = []
    for video in videos:
        channel = channels.get(video.channel_id)
        subscribers = getattr(channel, "subscribers", None)
        rows.append({
            "profile_id": video.channel_id, "shortcode": video.shortcode, "post_title": video.title,
            "post_thumbnail_url": video.thumbnail, "post_keywords": ",".join(video.keywords or []),
            "post_publish_time": video.published_at, "post_comments": video.comments, "post_likes": video.likes,
            "post_views": video.views, "post_type": video.post_type, "post_reach": None,
            "profile_followers": subscribers, "profile_following": None,
            "profile_upload": getattr(channel, "uploads", None),
            "profile_title": getattr(channel, "title", None) or video.channel_title,
            "profile_pic_url": getattr(channel, "thumbnail", None),
            "handle": getattr(channel, "custom_url", None),
            "category": video.category,
            "engagement_rate": engagement_rate(video.likes, video.comments, subscribers),
        })
    return rows


def demographic_rows(channel_ids) -> list[dict]:
    """Subscribers per dimension and bucket, summed over the channels with stored Analytics and known
    subscribers: each channel's share of views by country and by city, and its viewer percentage by
    gender and age group, times its subscribers (the report's `followers` column)."""
    wanted = set(channel_ids)
    subscribers = dict(YoutubeAccount.objects.filter(channel_id__in=wanted).exclude(subscribers=None)
                       .values_list("channel_id", "subscribers"))
    totals: dict[tuple[str, str], list] = {}  # (dimension, bucket) -> [subscribers, the channels counted]

    def add(dimension, bucket, estimate, channel_id):
        entry = totals.setdefault((dimension, str(bucket)), [0.0, set()])
        entry[0] += estimate
        entry[1].add(channel_id)

    for insights in YoutubeProfileInsights.objects.filter(channel_id__in=set(subscribers)):
        count = subscribers[insights.channel_id]
        for dimension in ("country", "city"):
            views = getattr(insights, dimension) or {}
            total = sum(views.values())
            for bucket, value in (views.items() if total else ()):
                add(dimension, bucket, value / total * count, insights.channel_id)
        for key, percent in (insights.gender_age or {}).items():
            gender, _, age = key.partition(".")
            share = percent / 100 * count
            add("gender_age", key, share, insights.channel_id)
            add("gender", gender, share, insights.channel_id)
            add("age", age.removeprefix("age"), share, insights.channel_id)
    return [{"dimension": dimension, "bucket": bucket, "followers": int(round(estimate)),
             "profiles": len(channels),
             "source": SOURCE}
            for (dimension, bucket), (estimate, channels)
            in sorted(totals.items(), key=lambda item: (item[0][0], -item[1][0], item[0][1]))]

"""The keyword collection report (Instagram; YouTube's rows come from enrichment.keywords.youtube):
stored posts whose caption matches a keyword as a whole word
(case-insensitive) within a period, with their profiles, in the FastAPI Beat's columns; and a
demographic summary of those profiles' stored audiences.

SQL narrows the posts to captions containing a keyword anywhere (icontains, on every database);
Python then keeps whole-word matches only ("art" matches "Art!" but not "party").
"""
import re
from datetime import date, datetime, time, timezone

from django.db.models import Q

from enrichment.reports import FLOAT, INT, STRING, TIME
from enrichment.models import GptProfileData
from instagram.models import InstagramAccount, InstagramPost, InstagramProfileInsights

COLUMNS = {"profile_id": STRING, "shortcode": STRING, "post_title": STRING, "post_thumbnail_url": STRING,
           "post_keywords": STRING, "post_publish_time": TIME, "post_comments": INT, "post_likes": INT,
           "post_views": INT, "post_type": STRING, "post_reach": INT, "profile_followers": INT,
           "profile_following": INT, "profile_upload": INT, "profile_title": STRING, "profile_pic_url": STRING,
           "handle": STRING, "category": STRING, "engagement_rate": FLOAT}
DEMOGRAPHIC_COLUMNS = {"dimension": STRING, "bucket": STRING, "followers": INT, "profiles": INT, "source": STRING}
DIMENSIONS = ("country", "city", "gender", "age", "gender_age")
GPT_AUDIENCES = {"audience_cities": ("city", "cities"), "audience_age_gender": ("gender_age", "age_gender")}
MAX_POSTS = 50_000


def matcher(keywords: list[str]) -> re.Pattern:
    words = sorted({k.strip().lower() for k in keywords if k.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, words)), re.IGNORECASE)


def containing(field: str, keywords: list[str]) -> Q:
    """The SQL narrowing: `field` contains a keyword anywhere, in any case."""
    contains = Q()
    for keyword in {k.strip() for k in keywords if k.strip()}:
        contains |= Q(**{f"{field}__icontains": keyword})
    return contains


def period(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the end of `end`, in UTC."""
    return datetime.combine(start, time.min, tzinfo=timezone.utc), datetime.combine(end, time.max, tzinfo=timezone.utc)


def matching_posts(keywords: list[str], start: date, end: date) -> tuple[list[InstagramPost], bool]:
    """Posts published from start to end (both days whole) whose caption has a keyword as a word, and
    whether MAX_POSTS candidates cut the search short (the report is then partial)."""
    pattern = matcher(keywords)
    since, until = period(start, end)
    candidates = (InstagramPost.objects.filter(containing("caption", keywords), publish_time__gte=since,
                                               publish_time__lte=until)
                  .exclude(post_type="story").order_by("-publish_time", "shortcode")[:MAX_POSTS])
    candidates = list(candidates)
    return [post for post in candidates if pattern.search(post.caption or "")], len(candidates) >= MAX_POSTS


def report_rows(posts: list[InstagramPost]) -> list[dict]:
    profiles = {row.profile_id: row for row in InstagramAccount.objects.filter(
        profile_id__in={post.profile_id for post in posts if post.profile_id})}
    rows = []
    for post in posts:
        profile = profiles.get(post.profile_id)
        rows.append({
            "profile_id": post.profile_id, "shortcode": post.shortcode, "post_title": post.caption,
            "post_thumbnail_url": post.thumbnail_url or post.display_url,
            "post_keywords": ",".join(post.keywords or []), "post_publish_time": post.publish_time,
            "post_comments": post.comments, "post_likes": post.likes, "post_views": post.views or post.plays,
            "post_type": post.post_type, "post_reach": post.reach,
            "profile_followers": getattr(profile, "followers", None),
            "profile_following": getattr(profile, "following", None),
            "profile_upload": getattr(profile, "media_count", None),
            "profile_title": getattr(profile, "full_name", None),
            "profile_pic_url": getattr(profile, "profile_pic_url", None),
            "handle": getattr(profile, "handle", None) or post.handle,
            "category": getattr(profile, "category", None),
            "engagement_rate": getattr(profile, "avg_engagement", None),
        })
    return rows


def demographic_rows(profile_ids) -> list[dict]:
    """Followers per dimension and bucket, summed over the profiles: their Graph API follower
    demographics (source graphapi) where stored, else the GPT estimate of their audience's cities and
    age / gender groups times their followers (source gpt). Profiles with neither are not counted."""
    wanted = set(profile_ids)
    totals: dict[tuple[str, str, str], list[int]] = {}

    def add(source, dimension, bucket, followers):
        entry = totals.setdefault((source, dimension, str(bucket)), [0, 0])
        entry[0] += int(round(followers or 0))
        entry[1] += 1

    graph = dict(InstagramProfileInsights.objects.filter(profile_id__in=wanted).exclude(follower=None)
                 .values_list("profile_id", "follower"))
    for follower in graph.values():
        for dimension in DIMENSIONS:
            for bucket, count in ((follower or {}).get(dimension) or {}).items():
                add("graphapi", dimension, bucket, count)
    followers = dict(InstagramAccount.objects.filter(profile_id__in=wanted - set(graph)).exclude(followers=None)
                     .values_list("profile_id", "followers"))
    for profile_id, kind, data in GptProfileData.objects.filter(
            profile_id__in=set(followers), kind__in=GPT_AUDIENCES).values_list("profile_id", "kind", "data"):
        dimension, key = GPT_AUDIENCES[kind]
        for bucket, share in (((data or {}).get("audience") or {}).get(key) or {}).items():
            add("gpt", dimension, bucket, share * followers[profile_id])
    return [{"dimension": dimension, "bucket": bucket, "followers": count, "profiles": profiles, "source": source}
            for (source, dimension, bucket), (count, profiles)
            in sorted(totals.items(), key=lambda item: (item[0][0], item[0][1], -item[1][0], item[0][2]))]

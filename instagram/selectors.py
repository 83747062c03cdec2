"""The read side: queries the flows and the API answers need. No writes here (those are services').

API answers are one SELECT of the columns an answer needs, shaped as the FastAPI Beat's keys;
refreshes are beat.api.refresh's."""
from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import F, Q

from beat.handles import normal_handle
from enrichment.selectors import gpt_data_of
from instagram import metrics
from instagram.parsers.graph_insights import nested_gender_age
from instagram.models import InstagramAccount, InstagramPost, InstagramProfileInsights, ProfileState
from instagram.services.profiles import recent_feed

PROFILE_COLUMNS = ("id", "profile_id", "handle", "fbid", "full_name", "biography", "followers", "following",
                   "media_count", "profile_pic_url", "profile_type", "category", "is_private", "is_verified",
                   "is_business_or_creator", "state", "refreshed_at", "updated_at")
_NOT_ANSWERED = ("id", "refreshed_at", "updated_at", "is_business_or_creator")
POST_COLUMNS = ("shortcode", "post_id", "post_type", "content_type", "caption", "publish_time", "profile_id",
                "handle", "thumbnail_url", "display_url", "video_url", "hashtags", "mentions", "keywords",
                "likes", "comments", "plays", "views", "reach", "source", "refreshed_at", "updated_at")
RECENT_POSTS = metrics.LATEST
_LATEST_FIRST = (F("refreshed_at").desc(nulls_last=True), "-id")


# --- profiles ---

def _latest_by_handle_sql() -> str:
    # Written once as SQL: building it through the ORM costs more than the query itself (about a
    # millisecond per request), and this is the hot path of every fresh profile answer.
    meta = InstagramAccount._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in PROFILE_COLUMNS)
    return (f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} WHERE handle = %s "
            "ORDER BY refreshed_at DESC NULLS LAST, id DESC LIMIT 1")


_LATEST_BY_HANDLE = _latest_by_handle_sql()


def account_by_handle(handle: str) -> dict | None:
    """The latest account seen with this handle (handles move between accounts)."""
    # raw() still converts values per backend (SQLite answers datetimes as text)
    row = next(iter(InstagramAccount.objects.raw(_LATEST_BY_HANDLE, [handle])), None)
    return None if row is None else {name: getattr(row, name) for name in PROFILE_COLUMNS}


def account_by_profile_id(profile_id: str) -> dict | None:
    return InstagramAccount.objects.filter(profile_id=profile_id).values(*PROFILE_COLUMNS).first()


def account_by_id(pk: int) -> dict | None:
    return InstagramAccount.objects.filter(pk=pk).values(*PROFILE_COLUMNS).first()


def last_checked(row: dict) -> datetime | None:
    """When upstream last told us about this account: its last profile answer, or for a private, not
    found or deleted account the last time that state was recorded (kept on updated_at)."""
    if row["state"] == ProfileState.OK:
        return row["refreshed_at"]
    return max(filter(None, (row["refreshed_at"], row["updated_at"])), default=None)


def profile_answer(row: dict, *, full: bool = False) -> dict:
    """The `profile` of an answer; with full, post_metrics, recent_posts and gpt (ok accounts only)."""
    answer = {name: row[name] for name in PROFILE_COLUMNS if name not in _NOT_ANSWERED}
    answer.update(platform="INSTAGRAM", updated_at=row["refreshed_at"], post_metrics=None, recent_posts=None,
                  gpt=None, profile_type=profile_type(row))
    if full and row["state"] == ProfileState.OK and row["profile_id"]:
        answer["post_metrics"] = post_metrics(row["profile_id"], row["followers"])
        answer["recent_posts"] = recent_posts(row["profile_id"], followers=row["followers"])
        answer["gpt"] = gpt_data_of(row["handle"]) if row["handle"] else {}
    return answer


def profile_type(row: dict) -> str:
    """The FastAPI Beat's profile_type: the stored one, else business_or_creator when upstream said the
    account is professional (Graph's business discovery never says which), else personal."""
    if row["profile_type"]:
        return row["profile_type"]
    return "business_or_creator" if row["is_business_or_creator"] else "personal"


def post_metrics(profile_id: str, followers: int | None) -> dict:
    """The averages as computed (unrounded, as the FastAPI Beat served them; the admin rounds for
    display), and the story reach estimated from the reels' engagement when there are reels, else
    from all posts'."""
    figures = metrics.post_metrics(recent_feed(profile_id), followers)
    reels_engagement = figures["reels"]["avg_engagement"]
    engagement = reels_engagement if reels_engagement is not None else figures["all"]["avg_engagement"]
    return {**figures, "story": {"avg_reach": float(metrics.story_reach(followers, engagement))}}


# --- posts ---

def posts_of_profile(profile_id: str):
    return InstagramPost.objects.filter(Q(profile_id=profile_id) | Q(collab_profile_id=profile_id))


def recent_posts(profile_id: str, *, followers: int | None, limit: int = RECENT_POSTS,
                 post_type: str | None = None) -> list[dict]:
    """The latest posts of a profile (its own and its collabs), newest first; stories only when asked."""
    posts = posts_of_profile(profile_id)
    posts = posts.filter(post_type=post_type) if post_type else posts.filter(post_type__in=metrics.FEED_TYPES)
    rows = posts.order_by(F("publish_time").desc(nulls_last=True), "-id").values(*POST_COLUMNS)[:limit]
    return [post_answer(row, followers=followers) for row in rows]


def post_by_shortcode(shortcode: str) -> dict | None:
    return InstagramPost.objects.filter(shortcode=shortcode).values(*POST_COLUMNS).first()


def followers_of(profile_id: str | None) -> int | None:
    if not profile_id:
        return None
    return InstagramAccount.objects.filter(profile_id=profile_id).values_list("followers", flat=True).first()


def post_url(row: dict) -> str | None:
    """The post's permalink, built as Instagram writes them (stories under their owner's handle)."""
    if row["post_type"] == "story":
        return f"https://www.instagram.com/stories/{row['handle']}/{row['shortcode']}/" if row["handle"] else None
    kind = "reel" if row["post_type"] == "reels" else "p"
    return f"https://www.instagram.com/{kind}/{row['shortcode']}/"


def post_answer(row: dict, *, followers: int | None) -> dict:
    """A `post`: the stored figures; reach from the FastAPI Beat's formula when none is stored;
    display_url the media itself (the mp4 of a video, as the FastAPI Beat served it), thumbnail_url
    the cover; engagement_rate against the owner's followers (null when those are unknown)."""
    post = _PostFigures(row)
    rate = None if followers is None else metrics.engagement_rate(row["likes"], row["comments"], followers)
    return {
        "data_provider": row["source"], "shortcode": row["shortcode"], "post_id": row["post_id"],
        "post_type": row["post_type"], "content_type": row["content_type"], "caption": row["caption"],
        "publish_time": row["publish_time"], "profile_id": row["profile_id"], "handle": row["handle"],
        "thumbnail_url": row["thumbnail_url"], "display_url": row["video_url"] or row["display_url"],
        "video_url": row["video_url"], "post_url": post_url(row), "engagement_rate": rate,
        "hashtags": row["hashtags"], "mentions": row["mentions"], "keywords": row["keywords"],
        "updated_at": row["refreshed_at"],
        "metrics": {
            "reach": metrics.post_reach(post, followers) if row["post_type"] in metrics.FEED_TYPES else row["reach"],
            "reach_estimated": not row["reach"] and row["post_type"] in metrics.FEED_TYPES,
            "views": row["views"], "likes": row["likes"], "play_count": row["plays"], "comments": row["comments"],
        },
    }


class _PostFigures:
    """The attributes instagram.metrics reads, over a values() row."""

    def __init__(self, row: dict):
        self.post_type, self.likes, self.plays, self.reach = row["post_type"], row["likes"], row["plays"], row["reach"]


# --- audience insights ---

INSIGHTS_COLUMNS = ("profile_id", "handle", "fbid", "follower", "reached", "engaged", "refreshed_at")


def audience_by_handle(handle: str) -> dict | None:
    return (InstagramProfileInsights.objects.filter(handle=handle).order_by(*_LATEST_FIRST)
            .values(*INSIGHTS_COLUMNS).first())


def audience_answer(row: dict) -> dict:
    answer = {name: row[name] for name in INSIGHTS_COLUMNS if name != "refreshed_at"}
    for audience in ("follower", "reached", "engaged"):
        split = answer[audience]
        if split and split.get("gender_age"):
            # rows stored before gender_age was nested kept "F.18-24" keys
            answer[audience] = {**split, "gender_age": nested_gender_age(split["gender_age"])}
    return {**answer, "updated_at": row["refreshed_at"]}


# --- what flows look up before they fetch ---

def stored_shortcodes(shortcodes: Iterable[str], *, before=None) -> set[str]:
    """Which of these posts are stored already (first stored before `before`, when given); one query."""
    wanted = list(dict.fromkeys(shortcodes))
    if not wanted:
        return set()
    stored = InstagramPost.objects.filter(shortcode__in=wanted)
    if before is not None:
        stored = stored.filter(created_at__lt=before)
    return set(stored.values_list("shortcode", flat=True))


def stored_post(shortcode: str) -> InstagramPost | None:
    return InstagramPost.objects.filter(shortcode=shortcode).only("shortcode", "post_id", "post_type",
                                                                  "profile_id", "handle", "source").first()


def stored_profile_id(handle: str) -> str | None:
    """The id of the account last seen with this handle."""
    return (InstagramAccount.objects.filter(handle=normal_handle(handle), profile_id__isnull=False)
            .order_by("-refreshed_at", "-id").values_list("profile_id", flat=True).first())

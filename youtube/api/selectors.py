"""Reads for the YouTube answers: only the columns an answer needs, as plain dicts."""
from django.db.models import F

from youtube.models import YoutubeAccount, YoutubePost, YoutubeProfileLog

CHANNEL_COLUMNS = ("channel_id", "handle", "custom_url", "title", "description", "country", "published_at",
                   "subscribers", "is_subscriber_count_hidden", "uploads", "views", "thumbnail", "is_verified",
                   "state", "refreshed_at")
VIDEO_COLUMNS = ("shortcode", "channel_id", "channel_title", "title", "description", "published_at", "duration",
                 "post_type", "views", "likes", "comments", "tags", "category_id", "category", "thumbnail",
                 "keywords", "refreshed_at")
FIGURES = ("subscribers", "views", "uploads")


def channel_by_id(channel_id: str) -> dict | None:
    return YoutubeAccount.objects.filter(channel_id=channel_id).values(*CHANNEL_COLUMNS).first()


def channel_by_handle(handle: str) -> dict | None:
    """The channel last seen with this handle (handles move between channels)."""
    return (YoutubeAccount.objects.filter(handle=handle).order_by(F("refreshed_at").desc(nulls_last=True), "-id")
            .values(*CHANNEL_COLUMNS).first())


def video(shortcode: str) -> dict | None:
    return YoutubePost.objects.filter(shortcode=shortcode).values(*VIDEO_COLUMNS).first()


def recent_videos(channel_id: str, limit: int) -> list[dict]:
    return list(YoutubePost.objects.filter(channel_id=channel_id)
                .order_by(F("published_at").desc(nulls_last=True), "id").values(*VIDEO_COLUMNS)[:limit])


def channel_history(channel_id: str, since) -> list[dict]:
    """Snapshots with figures, oldest first (state-only and audience snapshots carry none)."""
    rows = (YoutubeProfileLog.objects.filter(channel_id=channel_id, timestamp__gte=since).exclude(metrics={})
            .exclude(dimensions__has_key="kind").order_by("timestamp", "id").values("timestamp", "source", "metrics"))
    return [{"timestamp": r["timestamp"], "source": r["source"], **{n: r["metrics"].get(n) for n in FIGURES}}
            for r in rows]

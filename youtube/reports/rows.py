"""Channel and video rows in the FastAPI Beat's columns, read from the stored tables as streams.

Queries iterate with a server-side cursor (`.iterator(chunk_size)`), so a report of 25,000 videos
holds one chunk of rows at a time, never the whole list.
"""
from collections.abc import Iterable, Iterator

from youtube.models import YoutubeAccount, YoutubePost

CHUNK = 2000
LOOKUP = 1000  # ids asked for in one IN (...) query: a chunk of rows in memory, not more

CHANNEL_COLUMNS = ("id", "title", "description", "customUrl", "country", "viewCount", "subscriberCount",
                   "videoCount")
VIDEO_COLUMNS = ("id", "publishedAt", "channelId", "title", "description", "channelTitle", "tags", "categoryId",
                 "defaultAudioLanguage", "seconds", "viewCount", "likeCount", "commentCount")
PLAYLIST_VIDEO_COLUMNS = VIDEO_COLUMNS + ("playlistId",)
KEYWORD_VIDEO_COLUMNS = VIDEO_COLUMNS + ("post_keywords", "post_thumbnail", "post_type")

_CHANNEL_FIELDS = ("channel_id", "title", "description", "custom_url", "country", "views", "subscribers", "uploads")
_VIDEO_FIELDS = ("shortcode", "published_at", "channel_id", "title", "description", "channel_title", "tags",
                 "category_id", "audio_language", "default_language", "duration", "views", "likes", "comments",
                 "playlist_id", "keywords", "thumbnail", "post_type")


def channel_row(c: dict) -> dict:
    return {"id": c["channel_id"], "title": c["title"], "description": c["description"],
            "customUrl": c["custom_url"], "country": c["country"], "viewCount": c["views"],
            "subscriberCount": c["subscribers"], "videoCount": c["uploads"]}


def video_row(v: dict) -> dict:
    return {"id": v["shortcode"], "publishedAt": v["published_at"], "channelId": v["channel_id"],
            "title": v["title"], "description": v["description"], "channelTitle": v["channel_title"],
            "tags": v["tags"], "categoryId": v["category_id"],
            "defaultAudioLanguage": v["audio_language"] or v["default_language"], "seconds": v["duration"],
            "viewCount": v["views"], "likeCount": v["likes"], "commentCount": v["comments"],
            "playlistId": v["playlist_id"], "post_keywords": v["keywords"], "post_thumbnail": v["thumbnail"],
            "post_type": v["post_type"]}


def chunks(ids: Iterable[str], size: int = LOOKUP) -> Iterator[list[str]]:
    batch = []
    for value in ids:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def channels(channel_ids: Iterable[str]) -> Iterator[dict]:
    """The stored channels among the ids, in the ids' order; ids never stored are left out."""
    for batch in chunks(channel_ids):
        found = {c["channel_id"]: c for c in YoutubeAccount.objects.filter(channel_id__in=batch)
                 .values(*_CHANNEL_FIELDS)}
        yield from (channel_row(found[cid]) for cid in batch if cid in found)


def videos(video_ids: Iterable[str]) -> Iterator[dict]:
    """The stored videos among the ids, in the ids' order."""
    for batch in chunks(video_ids):
        found = {v["shortcode"]: v for v in YoutubePost.objects.filter(shortcode__in=batch).values(*_VIDEO_FIELDS)}
        yield from (video_row(found[vid]) for vid in batch if vid in found)


def channel_videos(channel_ids: list[str], since, until) -> Iterator[dict]:
    """The stored videos of the channels published in [since, until), by channel then newest first."""
    query = (YoutubePost.objects.filter(channel_id__in=channel_ids, published_at__gte=since, published_at__lt=until)
             .order_by("channel_id", "-published_at", "shortcode").values(*_VIDEO_FIELDS))
    return (video_row(v) for v in query.iterator(chunk_size=CHUNK))

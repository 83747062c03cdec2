"""Videos by id, a playlist's videos (a channel's uploads), a channel's videos within dates."""
from datetime import date

from beat.errors import NotFound
from beat.flows import FlowResult
from beat.flows.pagination import STORED, WINDOW
from youtube.flows import params
from youtube.flows.registration import youtube_flow
from youtube.flows.videos import SEARCH_RESULTS, Listing, store, video_details
from youtube.models import YoutubeAccount, YoutubePost
from youtube.providers.base import CHANNEL_VIDEOS, PLAYLIST_VIDEOS


@youtube_flow("refresh_yt_posts", params=params.Posts)
def refresh_yt_posts(ctx, *, post_ids, playlist_id=None, category=None, topic=None):
    """Videos by id, 50 a videos.list call, stored with the playlist / category / topic given."""
    found = video_details(ctx, post_ids)
    stored = store(ctx, found.records, source=found.source, raw_by_id=found.raw, playlist_id=playlist_id,
                   category=category, topic=topic)
    result = FlowResult(source=found.source, fetched=len(found.records), created=stored.created,
                        updated=stored.updated, pages=found.calls, tried=found.tried)
    result.change("shortcodes", stored.keys)
    answered = set(stored.keys) | set(found.left)
    result.extra.update(not_found=[v for v in dict.fromkeys(post_ids) if v not in answered],
                        quota_units=found.quota_units)
    if found.left:
        result.extra["left"] = found.left
        result.stop("rate_limited", partial=True, error=found.error)
    return result


@youtube_flow("refresh_yt_posts_by_playlist_id", params=params.ByPlaylist)
def refresh_yt_posts_by_playlist_id(ctx, *, channel_id=None, playlist_id=None, max_posts=None):
    """A playlist's videos with their details; by channel, its uploads playlist, read until a page
    holds nothing new (so a channel with no new upload costs 2 calls)."""
    uploads = playlist_id is None
    playlist_id = playlist_id or uploads_playlist(channel_id)
    listing = Listing(ctx, PLAYLIST_VIDEOS, lambda p, cursor: p.playlist_videos(playlist_id, cursor),
                      dimensions={"playlist_id": playlist_id})
    try:
        result = listing.walk(max_items=max_posts, stop_at=all_stored if uploads else None)
    except NotFound as exc:
        return not_found(exc)
    result.extra["playlist_id"] = playlist_id
    return result


@youtube_flow("refresh_yt_posts_by_channel_id", params=params.ByChannel, concurrency=25)
def refresh_yt_posts_by_channel_id(ctx, *, channel_id, filter=None, max_posts=None):
    """A channel's videos, newest first, published within filter's dates (search by channel:
    ytapitoken, then yt-v31, then rapidapi-yt). A quota spent mid-walk ends PARTIAL with what was found."""
    start, end = (date.fromisoformat(filter["start_date"]), date.fromisoformat(filter["end_date"])) if filter \
        else (None, None)
    # the search's publishedBefore is exclusive: the end date's whole day is asked for
    before = date.fromordinal(end.toordinal() + 1) if end else None

    def within(video) -> bool:  # rapidapi-yt has no date filter of its own
        day = video.published_at.date() if video.published_at else None
        return day is None or ((start is None or day >= start) and (end is None or day <= end))

    def older_than_start(videos):
        days = [v.published_at.date() for v in videos if v.published_at]
        return WINDOW if start and days and all(day < start for day in days) else None

    listing = Listing(ctx, CHANNEL_VIDEOS, lambda p, cursor: p.channel_videos(channel_id, cursor, after=start,
                                                                               before=before),
                      keep=within)
    try:
        result = listing.walk(max_items=max_posts or SEARCH_RESULTS, stop_at=older_than_start)
    except NotFound as exc:
        return not_found(exc)
    result.extra["channel_id"] = channel_id
    return result


def uploads_playlist(channel_id: str) -> str:
    """The stored channel's uploads playlist; unstored, YouTube's own rule ("UU" + the id after "UC")."""
    stored = YoutubeAccount.objects.filter(channel_id=channel_id).values_list("uploads_playlist_id", flat=True)
    return stored.first() or "UU" + channel_id[2:]


def all_stored(videos) -> str | None:
    """Incremental: a page of uploads that are all stored already means nothing newer is left."""
    ids = [v.shortcode for v in videos]
    if ids and YoutubePost.objects.filter(shortcode__in=ids).count() == len(set(ids)):
        return STORED
    return None


def not_found(exc: NotFound) -> FlowResult:
    """Not found is an answer: the task ends COMPLETE saying so."""
    details = exc.details or {}
    return FlowResult(source=details.get("source") or exc.source, state="not_found", message=exc.message,
                      tried=details.get("tried", [])).stop("not_found")

"""YouTube Data API v3 answers: channels, videos, playlistItems, search, commentThreads, activities,
subscriptions. Served by ytapitoken and, in the same shape, by the RapidAPI mirrors yt-v31 and
rapidapi-yt-search.

Sources (fixtures/README.md sections 2 and 6): developers.google.com/youtube/v3/docs/<resource>/list and
`sns-sdks/python-youtube` testdata. Confidence: channels, videos, playlistItems, search, commentThreads
**verified**; activities and subscriptions **partial** (documented resource fields, no sample body
here). Counts are strings; an unknown id is simply left out; no `items` key at all means none.
"""
from beat.flows.pagination import Page
from youtube.parsers.common import (as_bool, as_int, as_str, best_thumbnail, dig, from_iso, iso_duration, page,
                                    thumbnails, unescape)
from youtube.records import ActivityRecord, ChannelRecord, CommentRecord, SubscriptionRecord, VideoRecord

# activities.list: contentDetails.<type> holds what the activity is about
_ACTIVITY_VIDEO = {"upload": ("videoId",), "like": ("resourceId", "videoId"), "favorite": ("resourceId", "videoId"),
                   "playlistItem": ("resourceId", "videoId"), "recommendation": ("resourceId", "videoId"),
                   "bulletin": ("resourceId", "videoId"), "social": ("resourceId", "videoId"),
                   "comment": ("resourceId", "videoId")}
_ACTIVITY_CHANNEL = {"subscription": ("resourceId", "channelId"), "channelItem": ("resourceId", "channelId"),
                     "comment": ("resourceId", "channelId"), "recommendation": ("resourceId", "channelId")}


def items(raw) -> list:
    """A list answer's items; none at all (the key is absent for an unknown id) is []."""
    found = raw.get("items") if isinstance(raw, dict) else None
    return [item for item in found or () if isinstance(item, dict)]


def next_token(raw) -> str | None:
    """The last page has no nextPageToken key."""
    return as_str(raw.get("nextPageToken")) if isinstance(raw, dict) else None


def parse_channels(raw) -> list[ChannelRecord]:
    return [channel(item) for item in items(raw) if item.get("id")]


def channel(item: dict) -> ChannelRecord:
    snippet, stats = item.get("snippet") or {}, item.get("statistics") or {}
    hidden = as_bool(stats.get("hiddenSubscriberCount"))
    by_size = thumbnails(snippet.get("thumbnails"))
    branding = dig(item, "brandingSettings", "channel") or {}
    return ChannelRecord(
        channel_id=item["id"],
        title=as_str(snippet.get("title")),
        description=as_str(snippet.get("description")),
        custom_url=as_str(snippet.get("customUrl")),
        country=as_str(snippet.get("country") or branding.get("country")),
        published_at=from_iso(snippet.get("publishedAt")),
        subscribers=None if hidden else as_int(stats.get("subscriberCount")),
        is_subscriber_count_hidden=hidden,
        views=as_int(stats.get("viewCount")),
        uploads=as_int(stats.get("videoCount")),
        uploads_playlist_id=as_str(dig(item, "contentDetails", "relatedPlaylists", "uploads")),
        thumbnails=by_size,
        thumbnail=best_thumbnail(by_size),
        banner_url=as_str(dig(item, "brandingSettings", "image", "bannerExternalUrl")),
        keywords=as_str(branding.get("keywords")),
    )


def parse_videos(raw) -> list[VideoRecord]:
    return [video(item) for item in items(raw) if isinstance(item.get("id"), str)]


def video(item: dict) -> VideoRecord:
    snippet, stats, details = item.get("snippet") or {}, item.get("statistics") or {}, item.get("contentDetails") or {}
    by_size = thumbnails(snippet.get("thumbnails"))
    return VideoRecord(
        shortcode=item["id"],
        channel_id=as_str(snippet.get("channelId")),
        channel_title=as_str(snippet.get("channelTitle")),
        title=as_str(snippet.get("title")),
        description=as_str(snippet.get("description")),
        published_at=from_iso(snippet.get("publishedAt")),
        duration=iso_duration(details.get("duration")),
        views=as_int(stats.get("viewCount")),
        likes=as_int(stats.get("likeCount")),
        comments=as_int(stats.get("commentCount")),
        favourites=as_int(stats.get("favoriteCount")),
        tags=tuple(str(tag) for tag in snippet.get("tags") or ()),
        category_id=as_str(snippet.get("categoryId")),
        audio_language=as_str(snippet.get("defaultAudioLanguage")),
        default_language=as_str(snippet.get("defaultLanguage")),
        is_licensed=as_bool(details.get("licensedContent")),
        content_rating=details.get("contentRating") or {},
        definition=as_str(details.get("definition")),
        has_captions=as_bool(details.get("caption")),
        live_broadcast_content=as_str(snippet.get("liveBroadcastContent")),
        thumbnail=best_thumbnail(by_size),
    )


def parse_playlist_items(raw) -> Page:
    """Page[VideoRecord] of a playlist: ids, titles and publish times (no statistics), in playlist order."""
    found = []
    for item in items(raw):
        snippet = item.get("snippet") or {}
        video_id = dig(item, "contentDetails", "videoId") or dig(snippet, "resourceId", "videoId")
        if not video_id:
            continue
        published = dig(item, "contentDetails", "videoPublishedAt") or snippet.get("publishedAt")
        found.append(VideoRecord(
            shortcode=video_id,
            channel_id=as_str(snippet.get("videoOwnerChannelId") or snippet.get("channelId")),
            channel_title=as_str(snippet.get("videoOwnerChannelTitle") or snippet.get("channelTitle")),
            title=as_str(snippet.get("title")), description=as_str(snippet.get("description")),
            published_at=from_iso(published), thumbnail=best_thumbnail(thumbnails(snippet.get("thumbnails"))),
            playlist_id=as_str(snippet.get("playlistId"))))
    return page(found, next_token(raw))


def parse_search(raw) -> Page:
    """Page[VideoRecord] of the videos among the results (channels and playlists are left out)."""
    found = []
    for item in items(raw):
        video_id = dig(item, "id", "videoId")
        if not video_id:
            continue
        snippet = item.get("snippet") or {}
        found.append(VideoRecord(
            shortcode=video_id, channel_id=as_str(snippet.get("channelId")),
            channel_title=unescape(snippet.get("channelTitle")), title=unescape(snippet.get("title")),
            description=unescape(snippet.get("description")),
            published_at=from_iso(snippet.get("publishTime") or snippet.get("publishedAt")),
            live_broadcast_content=as_str(snippet.get("liveBroadcastContent")),
            thumbnail=best_thumbnail(thumbnails(snippet.get("thumbnails")))))
    return page(found, next_token(raw))


def parse_search_channel_ids(raw) -> list[str]:
    """The channel ids among search results (type=channel)."""
    return [dig(item, "id", "channelId") for item in items(raw) if dig(item, "id", "channelId")]


def parse_comment_threads(raw) -> Page:
    """Page[CommentRecord]: each thread's top-level comment, with its reply count."""
    found = []
    for item in items(raw):
        top = dig(item, "snippet", "topLevelComment") or {}
        snippet = top.get("snippet") or {}
        comment_id = as_str(top.get("id") or item.get("id"))
        if not comment_id:
            continue
        published, updated = from_iso(snippet.get("publishedAt")), from_iso(snippet.get("updatedAt"))
        found.append(CommentRecord(
            comment_id=comment_id,
            shortcode=as_str(snippet.get("videoId") or dig(item, "snippet", "videoId")),
            channel_id=as_str(dig(item, "snippet", "channelId") or snippet.get("channelId")),
            author_channel_id=as_str(dig(snippet, "authorChannelId", "value")),
            author_name=as_str(snippet.get("authorDisplayName")),
            author_image=as_str(snippet.get("authorProfileImageUrl")),
            text=as_str(snippet.get("textOriginal")) or unescape(snippet.get("textDisplay")),
            likes=as_int(snippet.get("likeCount")),
            replies=as_int(dig(item, "snippet", "totalReplyCount")),
            published_at=published,
            edited_at=updated if updated and updated != published else None))
    return page(found, next_token(raw))


def parse_activities(raw) -> Page:
    """Page[ActivityRecord] of a channel's activity feed."""
    found = []
    for item in items(raw):
        snippet, details = item.get("snippet") or {}, item.get("contentDetails") or {}
        kind = as_str(snippet.get("type"))
        if not (item.get("id") and kind and snippet.get("channelId")):
            continue
        about = details.get(kind) or {}
        found.append(ActivityRecord(
            activity_id=str(item["id"]), channel_id=str(snippet["channelId"]), activity_type=kind,
            video_id=as_str(dig(about, *_ACTIVITY_VIDEO[kind])) if kind in _ACTIVITY_VIDEO else None,
            other_channel_id=as_str(dig(about, *_ACTIVITY_CHANNEL[kind])) if kind in _ACTIVITY_CHANNEL else None,
            playlist_id=as_str(about.get("playlistId")), title=as_str(snippet.get("title")),
            published_at=from_iso(snippet.get("publishedAt"))))
    return page(found, next_token(raw))


def parse_subscriptions(raw, *, channel_id: str) -> Page:
    """Page[SubscriptionRecord]: the channels `channel_id` subscribes to (when it shows them)."""
    found = []
    for item in items(raw):
        snippet = item.get("snippet") or {}
        other = dig(snippet, "resourceId", "channelId")
        if not other:
            continue
        found.append(SubscriptionRecord(
            channel_id=as_str(snippet.get("channelId")) or channel_id, other_channel_id=str(other),
            other_title=as_str(snippet.get("title")), other_description=as_str(snippet.get("description")),
            other_thumbnail=best_thumbnail(thumbnails(snippet.get("thumbnails"))),
            subscribed_at=from_iso(snippet.get("publishedAt"))))
    return page(found, next_token(raw))

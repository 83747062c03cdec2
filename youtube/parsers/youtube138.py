"""youtube138 on RapidAPI (source `rapidapi-yt`): its own flat shape, not the Data API's.

Endpoints: /channel/details/?id=UC... and /channel/videos/?id=UC...[&cursor=]. Sources: public clients
of youtube138.p.rapidapi.com read `channelId, title, description, country, joinedDate, avatar[],
badges[], stats.{subscribers, videos, views}, username` from channel/details and
`contents[].video.{videoId, title, lengthSeconds, publishedTimeText, stats.views, thumbnails[]}` and
`cursor` from channel/videos. Confidence: **partial** (keys seen in public clients; no sample served
here). The listing has no absolute publish time ("3 days ago"): its videos are refreshed by id.
"""
from beat.errors import NotFound
from beat.flows.pagination import Page
from youtube.parsers.common import as_int, as_str, from_iso, largest_image, page
from youtube.records import ChannelRecord, VideoRecord

SOURCE = "rapidapi-yt"
_VERIFIED = {"VERIFIED_CHANNEL", "OFFICIAL_ARTIST_CHANNEL"}


def parse_channel_details(raw, *, channel_id: str) -> ChannelRecord:
    """The channel asked for; an answer about another channel (or none) is NotFound."""
    if not isinstance(raw, dict) or raw.get("channelId") != channel_id:
        raise NotFound(f"{SOURCE} has no channel {channel_id}", source=SOURCE)
    stats = raw.get("stats") or {}
    badges = {str(b.get("type")) for b in raw.get("badges") or () if isinstance(b, dict)}
    avatar = largest_image(raw.get("avatar"))
    return ChannelRecord(
        channel_id=channel_id,
        title=as_str(raw.get("title")),
        description=as_str(raw.get("description")),
        custom_url=as_str(raw.get("username")),
        country=as_str(raw.get("country")),
        published_at=from_iso(raw.get("joinedDate")),
        subscribers=as_int(stats.get("subscribers")),
        views=as_int(stats.get("views")),
        uploads=as_int(stats.get("videos")),
        uploads_playlist_id="UU" + channel_id[2:] if channel_id.startswith("UC") else None,
        thumbnails={"avatar": avatar} if avatar else {},
        thumbnail=avatar,
        banner_url=largest_image((raw.get("banner") or {}).get("desktop")),
        keywords=" ".join(str(k) for k in raw.get("keywords") or ()) or None,
        is_verified=bool(badges & _VERIFIED) if "badges" in raw else None,
    )


def parse_channel_videos(raw, *, channel_id: str) -> Page:
    """Page[VideoRecord]: ids, titles, durations and views of a channel's uploads, newest first."""
    found = []
    for entry in (raw.get("contents") if isinstance(raw, dict) else None) or ():
        video = entry.get("video") if isinstance(entry, dict) and entry.get("type") == "video" else None
        if not isinstance(video, dict) or not video.get("videoId"):
            continue
        found.append(VideoRecord(
            shortcode=str(video["videoId"]), channel_id=channel_id, title=as_str(video.get("title")),
            description=as_str(video.get("descriptionSnippet")), duration=as_int(video.get("lengthSeconds")),
            views=as_int((video.get("stats") or {}).get("views")), thumbnail=largest_image(video.get("thumbnails"))))
    return page(found, raw.get("cursor") if isinstance(raw, dict) else None)

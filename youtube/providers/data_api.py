"""The YouTube Data API v3 endpoints, shared by every source that serves its shape: ytapitoken (Google
itself, with an API key) and the RapidAPI mirrors yt-v31 and rapidapi-yt-search.

Reference: developers.google.com/youtube/v3/docs/{channels,videos,playlistItems,search,commentThreads,
activities,subscriptions}/list; quota costs from developers.google.com/youtube/v3/determine_quota_cost
(1 unit per list call, 100 per search). Shapes: fixtures/README.md sections 2 and 6 (verified).
"""
from contextlib import contextmanager
from datetime import date, datetime, time, timezone

from beat.errors import InvalidParams, NotFound, Private, UpstreamRejected
from beat.providers import reading
from youtube.parsers import data_api
from youtube.providers.base import MAX_IDS, YoutubeProvider

LIST_COST, SEARCH_COST = 1, 100
PAGE_SIZE = 50  # the most a list call returns
COMMENTS_PAGE = 100


def rfc3339(value) -> str | None:
    """publishedAfter / publishedBefore: a date is its midnight UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def with_optional(params: dict, **optional) -> dict:
    return {**params, **{name: value for name, value in optional.items() if value not in (None, "")}}


class DataAPIEndpoints(YoutubeProvider):
    """The endpoints; each subclass says which it serves (`operations`) and how it authenticates."""

    quota_in_units: bool = False  # Google's own quota (units per call); the mirrors count requests

    def _list(self, path: str, params: dict, cost: int = LIST_COST):
        return self.get(path, params, cost=cost if self.quota_in_units else None, expect=dict)

    # Reference: developers.google.com/youtube/v3/docs/channels/list (id: up to 50, comma-separated)
    def channels(self, channel_ids):
        ids = _at_most_50(channel_ids)
        raw = self._list("/channels", {"part": "snippet,statistics,contentDetails,brandingSettings",
                                       "id": ",".join(ids), "maxResults": MAX_IDS})
        with reading(self.source):
            return data_api.parse_channels(raw)

    # Reference: same page, forHandle (with or without "@")
    def channel_by_handle(self, handle):
        raw = self._list("/channels", {"part": "snippet,statistics,contentDetails,brandingSettings",
                                       "forHandle": "@" + handle.strip().lstrip("@")})
        with reading(self.source):
            found = data_api.parse_channels(raw)
        if not found:
            raise NotFound(f"{self.source}: no channel has the handle @{handle.lstrip('@')}", source=self.source)
        return found[0]

    # Reference: developers.google.com/youtube/v3/docs/videos/list
    def videos(self, video_ids):
        ids = ",".join(_at_most_50(video_ids))
        raw = self._list("/videos", {"part": "snippet,statistics,contentDetails", "id": ids, "maxResults": MAX_IDS})
        with reading(self.source):
            return data_api.parse_videos(raw)

    # Reference: developers.google.com/youtube/v3/docs/playlistItems/list
    def playlist_videos(self, playlist_id, cursor=None):
        params = with_optional({"part": "snippet,contentDetails", "playlistId": playlist_id,
                                "maxResults": PAGE_SIZE}, pageToken=cursor)
        with reading(self.source):
            return data_api.parse_playlist_items(self._list("/playlistItems", params))

    # Reference: developers.google.com/youtube/v3/docs/search/list (channelId, type=video, order=date)
    def channel_videos(self, channel_id, cursor=None, *, after=None, before=None):
        params = with_optional({"part": "snippet", "channelId": channel_id, "type": "video", "order": "date",
                                "maxResults": PAGE_SIZE}, pageToken=cursor, publishedAfter=rfc3339(after),
                               publishedBefore=rfc3339(before))
        with reading(self.source):
            return data_api.parse_search(self._list("/search", params, cost=SEARCH_COST))

    # Reference: same page (q, videoCategoryId, relevanceLanguage)
    def search(self, query, cursor=None, *, after=None, before=None, category_id=None, language=None):
        params = with_optional({"part": "snippet", "type": "video", "maxResults": PAGE_SIZE}, q=query,
                               pageToken=cursor, publishedAfter=rfc3339(after), publishedBefore=rfc3339(before),
                               videoCategoryId=category_id, relevanceLanguage=language)
        with reading(self.source):
            return data_api.parse_search(self._list("/search", params, cost=SEARCH_COST))

    # Reference: developers.google.com/youtube/v3/docs/commentThreads/list (commentsDisabled is a 403)
    def comments(self, video_id, cursor=None):
        params = with_optional({"part": "snippet", "videoId": video_id, "maxResults": COMMENTS_PAGE, "order": "time",
                                "textFormat": "plainText"}, pageToken=cursor)
        with _about_the_entity("commentsDisabled", NotFound):  # the video has no comments to give
            with reading(self.source):
                return data_api.parse_comment_threads(self._list("/commentThreads", params))

    # Reference: developers.google.com/youtube/v3/docs/activities/list
    def activities(self, channel_id, cursor=None):
        params = with_optional({"part": "snippet,contentDetails", "channelId": channel_id, "maxResults": PAGE_SIZE},
                               pageToken=cursor)
        with reading(self.source):
            return data_api.parse_activities(self._list("/activities", params))

    # Reference: developers.google.com/youtube/v3/docs/subscriptions/list (subscriptionForbidden: private)
    def subscriptions(self, channel_id, cursor=None):
        params = with_optional({"part": "snippet", "channelId": channel_id, "maxResults": PAGE_SIZE},
                               pageToken=cursor)
        with _about_the_entity("subscriptionForbidden", Private):  # the channel keeps them private
            with reading(self.source):
                return data_api.parse_subscriptions(self._list("/subscriptions", params), channel_id=channel_id)


@contextmanager
def _about_the_entity(reason: str, answer: type[NotFound] | type[Private]):
    """The Data API refuses these requests with a 403 that is about the video or channel, not about
    the key: an answer (NotFound / Private stop the fallback chain), never a reason to try elsewhere."""
    try:
        yield
    except UpstreamRejected as exc:
        if (exc.details or {}).get("reason") != reason:
            raise
        raise answer(exc.message, source=exc.source, status=exc.status, details=exc.details) from None


def _at_most_50(ids) -> list[str]:
    ids = list(dict.fromkeys(ids))
    if not ids or len(ids) > MAX_IDS:
        raise InvalidParams(f"between 1 and {MAX_IDS} ids a call, not {len(ids)}")
    return ids

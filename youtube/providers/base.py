"""The YouTube interface: one method per operation, each returning parsed records.

A provider calls its endpoint and hands the answer to its parser (youtube.parsers.*), so a flow only
ever sees records. An operation a provider does not list in `operations` is a capability gap:
`supports(operation)` is False and credentials.fallback skips that provider.

Every decoded answer is kept, in order, in `answers` (RawAnswer) for the snapshots, and the units of
the upstream's quota spent so far in `quota_units` (the Data API's 1 per list call, 100 per search;
each call also records its cost on its UpstreamCall row).
"""
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from beat.providers import Provider
from beat.providers import capabilities as cap

CHANNELS = "channels"  # channels by id, at most 50 a call
CHANNEL_BY_HANDLE = "channel_by_handle"
VIDEOS = "videos"  # videos by id, at most 50 a call
PLAYLIST_VIDEOS = "playlist_videos"
CHANNEL_VIDEOS = "channel_videos"  # a channel's uploads, newest first, optionally within dates
SEARCH = "search"
COMMENTS = "comments"
ACTIVITIES = "activities"
SUBSCRIPTIONS = "subscriptions"
AUDIENCE = "audience"

# operation (= the interface method's name) -> the capability it belongs to
OPERATIONS: dict[str, str] = {
    CHANNELS: cap.PROFILE, CHANNEL_BY_HANDLE: cap.PROFILE, VIDEOS: cap.POST, PLAYLIST_VIDEOS: cap.PLAYLIST,
    CHANNEL_VIDEOS: cap.POSTS, SEARCH: cap.SEARCH, COMMENTS: cap.COMMENTS, ACTIVITIES: cap.ACTIVITIES,
    SUBSCRIPTIONS: cap.RELATIONSHIPS, AUDIENCE: cap.INSIGHTS,
}
MAX_IDS = 50  # channels.list and videos.list take at most 50 ids
PROBE_CHANNEL = "UCLA_DiR1FfKNvjuUpBHmylQ"  # NASA: public and stable, for credential checks


@dataclass(frozen=True)
class RawAnswer:
    endpoint: str  # the path after the base URL, without the query
    params: dict  # what the provider sent, without credentials
    payload: Any


class YoutubeProvider(Provider):
    operations: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        unknown = set(cls.operations) - set(OPERATIONS)
        undeclared = {OPERATIONS[op] for op in cls.operations if op in OPERATIONS} - set(cls.capabilities)
        if unknown or undeclared:
            raise TypeError(f"{cls.__name__}: unknown operations {sorted(unknown)} or undeclared capabilities "
                            f"{sorted(undeclared)}")

    def __init__(self, credential: dict | None = None, *, credential_id: int | None = None, ctx=None):
        super().__init__(credential, credential_id=credential_id, ctx=ctx)
        self.answers: list[RawAnswer] = []
        self.quota_units = 0

    @classmethod
    def supports(cls, capability: str) -> bool:
        """An operation name (channel_videos) or a capability name (posts)."""
        return capability in cls.operations or (capability in cls.capabilities and capability not in OPERATIONS)

    def request(self, method: str, path: str, **kwargs) -> Any:
        self.quota_units += kwargs.get("cost") or 0
        payload = super().request(method, path, **kwargs)
        sent = kwargs.get("params") if kwargs.get("params") is not None else kwargs.get("json")
        self.answers.append(RawAnswer(endpoint=urlsplit(path).path, params=dict(sent or {}), payload=payload))
        return payload

    @property
    def last_raw(self) -> Any:
        return self.answers[-1].payload if self.answers else None

    # --- the interface; a provider lists in `operations` the ones it implements ---
    def channels(self, channel_ids: list[str]) -> list:
        """ChannelRecords of the channels that exist among at most 50 ids (unknown ones are left out)."""
        raise NotImplementedError

    def channel_by_handle(self, handle: str):
        """The ChannelRecord of an @handle; NotFound when there is none."""
        raise NotImplementedError

    def videos(self, video_ids: list[str]) -> list:
        """VideoRecords of the videos that exist among at most 50 ids."""
        raise NotImplementedError

    def playlist_videos(self, playlist_id: str, cursor: str | None = None):
        """Page[VideoRecord] of a playlist, in its order (uploads: newest first)."""
        raise NotImplementedError

    def channel_videos(self, channel_id: str, cursor: str | None = None, *, after=None, before=None):
        """Page[VideoRecord] of a channel's videos, newest first, published within [after, before)."""
        raise NotImplementedError

    def search(self, query: str, cursor: str | None = None, *, after=None, before=None, category_id=None,
               language=None):
        """Page[VideoRecord] of the videos matching a query."""
        raise NotImplementedError

    def comments(self, video_id: str, cursor: str | None = None):
        """Page[CommentRecord], newest first."""
        raise NotImplementedError

    def activities(self, channel_id: str, cursor: str | None = None):
        raise NotImplementedError

    def subscriptions(self, channel_id: str, cursor: str | None = None):
        raise NotImplementedError

    def audience(self, channel_id: str, start_date, end_date):
        """AudienceRecord of the channel (its own OAuth grant)."""
        raise NotImplementedError

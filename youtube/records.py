"""What the YouTube parsers hand to the services: plain frozen records, no ORM, no HTTP.

A count or flag that the upstream did not give is None ("unknown"), never 0 or False: the Data API
leaves likeCount out when the owner hides likes, and subscriberCount when the channel hides it.
"""
from dataclasses import dataclass, field
from datetime import datetime

from beat.handles import normal_handle

# Stored with every snapshot so a payload can be re-parsed later. Bump it whenever a parser starts
# reading a field differently.
PARSER_VERSION = "youtube-1"

@dataclass(frozen=True)
class ChannelRecord:
    channel_id: str
    title: str | None = None
    description: str | None = None
    custom_url: str | None = None  # "@nasa"
    country: str | None = None
    published_at: datetime | None = None
    subscribers: int | None = None
    is_subscriber_count_hidden: bool | None = None
    views: int | None = None
    uploads: int | None = None
    uploads_playlist_id: str | None = None
    thumbnails: dict = field(default_factory=dict)  # size -> url
    thumbnail: str | None = None
    banner_url: str | None = None
    keywords: str | None = None
    is_verified: bool | None = None

    @property
    def handle(self) -> str | None:
        return normal_handle(self.custom_url)


@dataclass(frozen=True)
class VideoRecord:
    """A video, from videos.list (full) or from a listing (playlistItems, search: no statistics)."""

    shortcode: str  # the video id
    channel_id: str | None = None
    channel_title: str | None = None
    title: str | None = None
    description: str | None = None
    published_at: datetime | None = None
    duration: int | None = None  # seconds
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    favourites: int | None = None
    tags: tuple[str, ...] = ()
    category_id: str | None = None
    audio_language: str | None = None
    default_language: str | None = None
    is_licensed: bool | None = None
    content_rating: dict = field(default_factory=dict)
    definition: str | None = None
    has_captions: bool | None = None
    live_broadcast_content: str | None = None
    thumbnail: str | None = None
    playlist_id: str | None = None


@dataclass(frozen=True)
class CommentRecord:
    comment_id: str
    shortcode: str | None  # the video id
    channel_id: str | None = None  # the video's channel
    author_channel_id: str | None = None
    author_name: str | None = None
    author_image: str | None = None
    text: str | None = None
    likes: int | None = None
    replies: int | None = None
    published_at: datetime | None = None
    edited_at: datetime | None = None


@dataclass(frozen=True)
class ActivityRecord:
    activity_id: str
    channel_id: str
    activity_type: str  # upload, like, playlistItem, subscription, ...
    video_id: str | None = None
    other_channel_id: str | None = None
    playlist_id: str | None = None
    title: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class SubscriptionRecord:
    channel_id: str  # the subscriber
    other_channel_id: str  # the channel subscribed to
    other_title: str | None = None
    other_description: str | None = None
    other_thumbnail: str | None = None
    subscribed_at: datetime | None = None


@dataclass(frozen=True)
class AudienceRecord:
    """YouTube Analytics: views by city and by country, viewer percentage by gender and age group.
    An empty map means the report had no rows."""

    city: dict = field(default_factory=dict)
    country: dict = field(default_factory=dict)
    gender_age: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AccessToken:
    """An OAuth access token got from a refresh token (never stored: it lives an hour)."""

    token: str = field(repr=False)
    expires_in: int | None = None
    scopes: tuple[str, ...] = ()


"""What the Instagram parsers hand to the services: plain frozen records, no ORM, no HTTP.

Every parser reads one upstream answer (decoded JSON) and returns these. A count or flag that the
upstream did not give is None ("unknown"), never 0 or False, so an upsert can leave the stored value
alone. Tuples rather than lists keep the records immutable and hashable where they can be.
"""

import functools
import types
import typing
from dataclasses import dataclass, field, fields
from datetime import datetime

# Stored with every snapshot (profile_log / post_log) so a payload can be re-parsed later.
# Bump it whenever a parser starts reading a field differently.
PARSER_VERSION = "instagram-2"

PROFILE_TYPES = {1: "personal", 2: "business", 3: "creator"}
POST_TYPES = ("image", "carousel", "reels", "story")


class Record:
    """A record holds the types it declares. A parser handing over a value of another type (an answer
    with an object where a shortcode or a count belongs) raises TypeError here, which the provider's
    `reading` (beat.providers.reading) turns into that source's BadResponse: fallback moves on, and
    nothing of the wrong type reaches the services or the database."""

    def __post_init__(self):
        for name, accepted in _declared(type(self)):
            value = getattr(self, name)
            if not isinstance(value, accepted):
                kinds = " or ".join(kind.__name__ for kind in accepted)
                raise TypeError(f"{type(self).__name__}.{name}: {type(value).__name__} where {kinds} was expected")


@functools.cache
def _declared(cls) -> tuple[tuple[str, tuple[type, ...]], ...]:
    return tuple((f.name, _accepted(f.type)) for f in fields(cls))


def _accepted(hint) -> tuple[type, ...]:
    """`str | None` -> (str, NoneType); `tuple[str, ...]` -> (tuple,); a float field takes an int too."""
    union = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
    kinds = []
    for arg in typing.get_args(hint) if union else (hint,):
        kind = typing.get_origin(arg) or arg
        kinds += [kind, int] if kind is float else [kind]
    return tuple(kinds)


@dataclass(frozen=True)
class UserRef(Record):
    """A user named inside a post (tagged user, sponsor, comment author)."""

    profile_id: str | None
    handle: str | None


@dataclass(frozen=True)
class Location(Record):
    name: str | None
    city: str | None = None
    lat: float | None = None
    lng: float | None = None
    location_id: str | None = None


@dataclass(frozen=True)
class ProfileRecord(Record):
    profile_id: str | None  # the Instagram user id (Graph's ig_id, a scraper's pk); None only if Graph omits ig_id
    handle: str
    full_name: str | None = None
    biography: str | None = None
    followers: int | None = None
    following: int | None = None
    media_count: int | None = None
    reels_count: int | None = None
    profile_pic_url: str | None = None
    profile_type: str | None = None  # personal / business / creator (account_type 1 / 2 / 3)
    category: str | None = None
    external_url: str | None = None
    is_private: bool | None = None
    is_verified: bool | None = None
    is_business_or_creator: bool | None = None
    is_business: bool | None = None
    is_professional: bool | None = None
    business_category: str | None = None
    category_id: str | None = None
    # The interoperable Facebook id (web `fbid`, mobile `interop_messaging_user_fbid`, e.g.
    # "117381402990416"), as the FastAPI Beat stored it; Graph answers give their own node id here.
    fbid: str | None = None
    public_email: str | None = None
    public_phone: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class PostRecord(Record):
    shortcode: str  # stories: the story media pk as a string, the same number on every source
    post_type: str  # image / carousel / reels / story
    post_id: str | None = None
    profile_id: str | None = None  # the owner's Instagram user id
    handle: str | None = None  # the owner's handle
    content_type: str | None = None  # the upstream's own product type (clips, feed, REELS, STORY ...)
    caption: str | None = None
    likes: int | None = None
    comments: int | None = None
    plays: int | None = None
    views: int | None = None
    reach: int | None = None
    impressions: int | None = None
    saved: int | None = None
    shares: int | None = None
    interactions: int | None = None
    publish_time: datetime | None = None  # timezone-aware, UTC
    thumbnail_url: str | None = None
    display_url: str | None = None
    video_url: str | None = None
    video_duration: float | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    tagged_users: tuple[UserRef, ...] = ()
    sponsors: tuple[UserRef, ...] = ()
    is_paid_partnership: bool | None = None
    is_pinned: bool | None = None
    location: Location | None = None
    story_links: tuple[str, ...] = ()
    story_hashtags: tuple[str, ...] = ()

    @property
    def sponsor_ids(self) -> tuple[str, ...]:
        return tuple(s.profile_id for s in self.sponsors if s.profile_id)


@dataclass(frozen=True)
class PostInsightsRecord(Record):
    """Graph API media or story insights. Empty upstream data gives a record of Nones, not zeros."""

    post_id: str | None
    reach: int | None = None
    views: int | None = None
    impressions: int | None = None
    plays: int | None = None
    likes: int | None = None
    comments: int | None = None
    saved: int | None = None
    shares: int | None = None
    interactions: int | None = None
    follows: int | None = None
    profile_visits: int | None = None
    profile_activity: int | None = None
    replies: int | None = None
    navigation: int | None = None
    taps_forward: int | None = None
    taps_back: int | None = None
    exits: int | None = None
    swipe_forward: int | None = None
    automatic_forward: int | None = None
    swipe_back: int | None = None
    swipe_down: int | None = None
    swipe_up: int | None = None
    avg_watch_time_ms: int | None = None
    total_watch_time_ms: int | None = None
    metrics: dict = field(default_factory=dict)  # every metric name -> value, as answered


@dataclass(frozen=True)
class Demographics(Record):
    """One audience split by dimension; each a {bucket: count} map, gender_age nested by gender as the
    FastAPI Beat served it: {"female": {"25-34": n}, "male": {...}, "unknown": {...}}."""

    country: dict = field(default_factory=dict)
    city: dict = field(default_factory=dict)
    gender: dict = field(default_factory=dict)
    age: dict = field(default_factory=dict)
    gender_age: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AudienceInsightsRecord(Record):
    """follower_demographics -> follower, reached_audience_demographics -> reached,
    engaged_audience_demographics -> engaged (the FastAPI Beat stored the last two swapped)."""

    fbid: str | None = None  # the Graph id of the account the insights are for, when the answer names it
    follower: Demographics = field(default_factory=Demographics)
    reached: Demographics = field(default_factory=Demographics)
    engaged: Demographics = field(default_factory=Demographics)


@dataclass(frozen=True)
class RelationshipRecord(Record):
    """A follower or a followed account."""

    profile_id: str | None
    handle: str | None
    full_name: str | None = None
    profile_pic_url: str | None = None
    is_private: bool | None = None
    is_verified: bool | None = None


@dataclass(frozen=True)
class LikerRecord(RelationshipRecord):
    """An account that liked a post."""

    shortcode: str | None = None


@dataclass(frozen=True)
class CommentRecord(Record):
    comment_id: str
    text: str | None
    shortcode: str | None = None
    post_id: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    likes: int | None = None
    created_at: datetime | None = None
    parent_id: str | None = None  # set on replies

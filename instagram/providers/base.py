"""The Instagram interface: one method per operation, each returning parsed records.

Two words, two ideas. An *operation* is one method of this interface, what a flow asks for
(profile_by_handle, post_by_shortcode, post_insights); fallback orders are keyed by it. A *capability*
is the coarse group a provider declares (beat.providers.capabilities, shared by every platform:
PROFILE, POST, INSIGHTS); each operation belongs to one (OPERATIONS). An operation a provider does not
override is a gap: `supports(operation)` is False and credentials.fallback skips that provider.

A provider calls its endpoint and hands the answer to its own parser module (instagram.parsers.*)
inside `reading(source)`, so a flow only ever sees records, and an answer lacking a field is the
source's BadResponse. Every provider instance keeps each decoded answer it received, in order, in
`answers` (RawAnswer: endpoint, params, payload) for snapshots; instagram.flows.fallback.first_answer
hands them back with the value. Fallback makes a new instance for every try, so `answers` never mixes
two sources.
"""
import functools
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from beat.providers import Provider, reading
from beat.providers import capabilities as cap
from beat.flows.pagination import Page
from instagram.records import AudienceInsightsRecord, PostInsightsRecord, PostRecord, ProfileRecord

PROFILE_BY_HANDLE = "profile_by_handle"
PROFILE_BY_ID = "profile_by_id"
POSTS = cap.POSTS
REELS = cap.REELS
POST_BY_SHORTCODE = "post_by_shortcode"
STORIES = cap.STORIES
FOLLOWERS = cap.FOLLOWERS
FOLLOWING = cap.FOLLOWING
COMMENTS = cap.COMMENTS
LIKERS = cap.LIKERS
HASHTAG = cap.HASHTAG
TAGGED = cap.TAGGED
POST_INSIGHTS = "post_insights"
STORY_INSIGHTS = "story_insights"
AUDIENCE_INSIGHTS = "audience_insights"

# operation (= the interface method's name) -> the capability it belongs to
OPERATIONS: dict[str, str] = {
    PROFILE_BY_HANDLE: cap.PROFILE, PROFILE_BY_ID: cap.PROFILE, POSTS: cap.POSTS, REELS: cap.REELS,
    POST_BY_SHORTCODE: cap.POST, STORIES: cap.STORIES, FOLLOWERS: cap.FOLLOWERS, FOLLOWING: cap.FOLLOWING,
    COMMENTS: cap.COMMENTS, LIKERS: cap.LIKERS, HASHTAG: cap.HASHTAG, TAGGED: cap.TAGGED,
    POST_INSIGHTS: cap.INSIGHTS, STORY_INSIGHTS: cap.INSIGHTS, AUDIENCE_INSIGHTS: cap.INSIGHTS,
}

EMPTY_PAGE = Page()  # for profile answers that embed no posts


@dataclass(frozen=True)
class RawAnswer:
    """One decoded upstream answer, as received (for profile_log / post_log snapshots)."""

    endpoint: str  # the path after the base URL (e.g. "/ig/posts/"), without the query
    params: dict  # the query (or JSON body) the provider sent, without credentials
    payload: Any


def params_with(params: dict, **optional) -> dict:
    """params plus the optional ones that have a value (a cursor is sent only after the first page)."""
    return {**params, **{name: value for name, value in optional.items() if value not in (None, "")}}


def _read_by(cls, operation):
    """The operation with its parsing guarded: an answer lacking a field the parser needs is the
    source's BadResponse (fallback moves on), not an internal error (beat.providers.reading)."""

    @functools.wraps(operation)
    def guarded(self, *args, **kwargs):
        with reading(cls.source):
            return operation(self, *args, **kwargs)

    return guarded


class InstagramProvider(Provider):
    operations: ClassVar[frozenset[str]] = frozenset()  # derived: the interface methods overridden

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.operations = frozenset(op for op in OPERATIONS if getattr(cls, op) is not getattr(InstagramProvider, op))
        for op in cls.operations & set(vars(cls)):
            setattr(cls, op, _read_by(cls, vars(cls)[op]))
        undeclared = {OPERATIONS[op] for op in cls.operations} - set(cls.capabilities)
        if undeclared:
            raise TypeError(f"{cls.__name__} implements capabilities it does not declare: {sorted(undeclared)}")

    def __init__(self, credential: dict | None = None, *, credential_id: int | None = None, ctx=None):
        super().__init__(credential, credential_id=credential_id, ctx=ctx)
        self.answers: list[RawAnswer] = []

    @classmethod
    def supports(cls, operation: str) -> bool:
        """An operation name (profile_by_id); a capability name (profile) is answered too."""
        return operation in cls.operations or operation in cls.capabilities

    @property
    def last_raw(self) -> Any:
        return self.answers[-1].payload if self.answers else None

    def request(self, method: str, path: str, **kwargs) -> Any:
        payload = super().request(method, path, **kwargs)
        sent = kwargs.get("params") if kwargs.get("params") is not None else kwargs.get("json")
        self.answers.append(RawAnswer(endpoint=urlsplit(path).path, params=dict(sent or {}), payload=payload))
        return payload

    # --- the interface; each raises NotImplementedError where a provider has no such endpoint ---
    def profile_by_handle(self, handle: str) -> tuple[ProfileRecord, Page]:
        """The profile and the posts its answer embeds (EMPTY_PAGE when it embeds none)."""
        raise NotImplementedError

    def profile_by_id(self, profile_id: str) -> tuple[ProfileRecord, Page]:
        raise NotImplementedError

    def posts(self, profile_id: str, cursor: str | None = None, *, handle: str | None = None) -> Page:
        """Page[PostRecord], newest first. `handle` is for sources that page by handle (graphapi)."""
        raise NotImplementedError

    def reels(self, profile_id: str, cursor: str | None = None) -> Page:
        raise NotImplementedError

    def post_by_shortcode(self, shortcode: str) -> PostRecord:
        raise NotImplementedError

    def stories(self, profile_id: str) -> list[PostRecord]:
        """The live stories (empty: none live)."""
        raise NotImplementedError

    def followers(self, profile_id: str, cursor: str | None = None) -> Page:
        """Page[RelationshipRecord]; a cursor only means something to the source that gave it."""
        raise NotImplementedError

    def following(self, profile_id: str, cursor: str | None = None) -> Page:
        raise NotImplementedError

    def comments(self, shortcode: str, cursor: str | None = None, *, post_id: str | None = None) -> Page:
        """Page[CommentRecord]. `post_id` is for sources keyed by media id (graphapi)."""
        raise NotImplementedError

    def likers(self, shortcode: str, cursor: str | None = None) -> Page:
        """Page[LikerRecord]."""
        raise NotImplementedError

    def hashtag(self, hashtag: str, cursor: str | None = None) -> Page:
        raise NotImplementedError

    def tagged(self, profile_id: str, cursor: str | None = None) -> Page:
        """Posts of other accounts that tag this one."""
        raise NotImplementedError

    def post_insights(self, post_id: str, post_type: str) -> PostInsightsRecord:
        """The owner's insights on one post (image / carousel / reels / story pick the metrics)."""
        raise NotImplementedError

    def story_insights(self, story_id: str) -> PostInsightsRecord:
        raise NotImplementedError

    def audience_insights(self) -> AudienceInsightsRecord:
        """Follower, reached and engaged audience of the credential's own account."""
        raise NotImplementedError

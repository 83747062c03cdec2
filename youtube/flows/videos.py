"""Videos by id (50 a videos.list call), and listings walked page by page with each page's details.

A listing (a playlist, a channel's uploads, search results) gives ids and titles but no statistics:
every page is completed by one videos.list call, so a page costs two calls on the Data API.
"""
from dataclasses import dataclass, field, replace

from beat.errors import RateLimited
from beat.flows import FlowResult
from beat.flows.pagination import Page, walk
from youtube.flows.fetch import Pager, fetch, raw_items
from youtube.flows.profiles import batches
from youtube.providers.base import VIDEOS
from youtube.services import posts_upsert

# search.list answers at most about 500 results for one query, however many pages it promises
# (totalResults is an estimate): a search walk reads no more, so it never spends 100 units a page
# on pages that come back empty.
SEARCH_RESULTS = 500


@dataclass
class Details:
    records: list = field(default_factory=list)
    raw: dict = field(default_factory=dict)  # video id -> its raw videos.list item
    source: str | None = None
    tried: list = field(default_factory=list)
    calls: int = 0
    quota_units: int = 0
    left: list = field(default_factory=list)  # ids not asked: every source was out of quota
    error: str = ""


def video_details(ctx, video_ids, *, stop_when_limited: bool = True) -> Details:
    """videos.list for the ids, 50 a call, through the fallback order. The first batch's RateLimited
    propagates (the task waits); a later one ends the lookup with the ids left."""
    found = Details()
    chunks = batches(video_ids)
    for number, batch in enumerate(chunks):
        try:
            answer = fetch(ctx, VIDEOS, lambda p, ids=batch: p.videos(ids))
        except RateLimited as exc:
            if number == 0 or not stop_when_limited:
                raise
            found.left, found.error = [v for later in chunks[number:] for v in later], exc.message
            break
        found.records += answer.value
        found.raw.update(raw_items(answer.raw))
        found.source = found.source or answer.source
        found.tried += answer.tried
        found.calls += 1
        found.quota_units += answer.quota_units
    return found


def store(ctx, records, *, source, raw_by_id=None, **dimensions):
    return posts_upsert(records=records, source=source, raw_by_id=raw_by_id, task_id=ctx.task_id, **dimensions)


@dataclass
class Listing:
    """Walks a listing operation; each page's videos come back with their details. `keep(video)`
    drops videos of a page (outside a date window); stop_at(videos) ends the walk after a page."""

    ctx: object
    operation: str
    list_page: object  # (provider, cursor) -> Page[VideoRecord]
    dimensions: dict = field(default_factory=dict)
    keep: object = None
    calls: int = 0
    details_units: int = 0
    created: int = 0
    updated: int = 0
    shortcodes: list = field(default_factory=list)

    def __post_init__(self):
        self.pager = Pager(self.ctx, self.operation, self.list_page)
        self._raw, self._source = {}, None  # the last page's details: what on_page stores

    def fetch(self, cursor):
        listing = self.pager(cursor)
        self.calls += 1
        ids = [video.shortcode for video in listing.items]
        found = video_details(self.ctx, ids, stop_when_limited=False) if ids else Details()
        self.calls += found.calls
        self.details_units += found.quota_units
        by_id = {video.shortcode: video for video in found.records}
        videos = [_with_playlist(by_id[v.shortcode], v) for v in listing.items if v.shortcode in by_id]
        self._raw, self._source = found.raw, found.source
        return Page(tuple(videos), listing.next_cursor, listing.has_more)

    def on_page(self, videos):
        kept = [v for v in videos if self.keep is None or self.keep(v)]
        stored = store(self.ctx, kept, source=self._source, raw_by_id=self._raw, **self.dimensions)
        self.created += stored.created
        self.updated += stored.updated
        self.shortcodes += list(stored.keys)

    def walk(self, *, max_items=None, stop_at=None) -> FlowResult:
        done = walk(self.fetch, self.on_page, max_items=max_items, stop_at=stop_at, ctx=self.ctx)
        result = FlowResult(source=self.pager.source, fetched=done.fetched, created=self.created,
                            updated=self.updated, pages=done.pages, tried=self.pager.tried)
        result.stop(done.stop_reason, partial=done.partial, error=done.error)
        result.change("shortcodes", self.shortcodes)
        result.extra.update(calls=self.calls, quota_units=self.pager.quota_units + self.details_units)
        return result


def _with_playlist(video, listed):
    """A video's details, with the playlist it was listed in."""
    return replace(video, playlist_id=listed.playlist_id) if listed.playlist_id else video


"""A profile's posts and reels: walk the pages, store each as it comes, stop where the plan says.

Incremental refreshes stop at the first page holding a post already stored, or a post older than the
window; pinned posts sit on top of a feed whatever their age, so they never stop a walk.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from beat.errors import NotFound, TransportError
from beat.flows import FlowResult
from beat.flows.pagination import END, STORED, WINDOW, Page, Walk, walk
from instagram.flows.paging import Pager
from instagram.flows.raw_items import raw_items
from instagram.providers.base import POSTS, REELS
from instagram.selectors import stored_shortcodes
from instagram.services import UpsertResult, posts_upsert

WINDOW_DAYS = 30
# Sources whose profile answer embeds the first page of the same posts listing their posts() pages:
# the embedded cursor goes on from there. Others' embedded posts are stored, then the feed is walked.
CONTINUES_EMBEDDED = frozenset({"graphapi", "rapidapi-neotank"})


@dataclass(frozen=True)
class Plan:
    max_items: int
    window: bool = False  # stop at posts older than WINDOW_DAYS
    incremental: bool = False  # stop at posts already stored


@dataclass
class Store:
    """on_page for a walk: posts_upsert each page with its raw items, adding up what changed."""

    ctx: object
    profile_id: str
    source: str
    raw: object  # the raw answer the page came in
    upserts: UpsertResult = field(default_factory=UpsertResult)

    def __call__(self, items) -> None:
        self.upserts += posts_upsert(records=items, source=self.source, raw_by_shortcode=raw_items(self.raw, items),
                                     task_id=self.ctx.task_id, refreshed_profile_id=self.profile_id)

    def counted(self, result: FlowResult) -> FlowResult:
        """The step's result with what was stored: rows created and updated, the shortcodes written."""
        return result.count(created=self.upserts.created, updated=self.upserts.updated).change(
            "shortcodes", self.upserts.keys)


def stop_rule(plan: Plan, started):
    since = timezone.now() - timedelta(days=WINDOW_DAYS)

    def stop_at(items) -> str | None:
        movable = [p for p in items if not p.is_pinned]
        if plan.window and any(p.publish_time and p.publish_time < since for p in movable):
            return WINDOW
        # stored before this task began: what the task wrote itself (embedded posts read again on
        # page 1, reels first seen in the feed) is no reason to stop
        if plan.incremental and stored_shortcodes((p.shortcode for p in movable), before=started):
            return STORED
        return None

    return stop_at


def walk_feed(ctx, plan: Plan, *, operation: str, profile_id: str, handle: str | None, profile_source: str,
              embedded: Page, profile_raw, started) -> FlowResult:
    """Walk a profile's posts (POSTS) or reels (REELS) under a plan; returns the step's result.
    started: when the task began (posts stored since then do not make an incremental walk stop)."""
    if operation == POSTS:
        pager = Pager(ctx, POSTS, lambda p, cursor: p.posts(profile_id, cursor, handle=handle))
    else:
        pager = Pager(ctx, REELS, lambda p, cursor: p.reels(profile_id, cursor))
    store = Store(ctx, profile_id, profile_source, profile_raw)
    stop_at = stop_rule(plan, started)

    def on_page(items):
        if pager.last_raw is not None:  # a fetched page, not the one the profile answer embedded
            store.source, store.raw = pager.source, pager.last_raw
        store(items)

    try:
        if embedded.items and profile_source in CONTINUES_EMBEDDED:
            pager.source = profile_source
            done = walk(pager, on_page, first_page=embedded, max_items=plan.max_items, stop_at=stop_at, ctx=ctx)
        else:
            done = _embedded_then_walk(ctx, plan, pager, on_page, stop_at, embedded)
    except NotFound as exc:  # the profile just answered: "no such media" means no posts to list here
        done = Walk(stop_reason=END, error=exc.message)
    except TransportError as exc:
        if not exc.permanent or exc.code == "private":
            raise  # transient: the queue retries or reschedules the task; private: an answer
        done = Walk(stop_reason="no_provider" if exc.code == "no_provider" else "upstream_error", error=exc.message)
        result = pager.result(done, key=profile_id)
        result.partial = True
        return store.counted(result)
    # embedded posts read again on page 1 count once
    result = pager.result(done, key=profile_id, source=pager.source or profile_source)
    result.fetched = len(set(store.upserts.keys))
    return store.counted(result)


def store_embedded(*, ctx, profile_id: str, handle: str | None, profile_source: str, profile_raw,
                   embedded: Page, started=None) -> FlowResult:
    """Only the posts the profile answer embedded: no further call."""
    store = Store(ctx, profile_id, profile_source, profile_raw)
    if embedded.items:
        store(embedded.items)
    result = FlowResult(source=profile_source, fetched=len(embedded.items)).stop("embedded_only")
    return store.counted(result)


def _embedded_then_walk(ctx, plan, pager, on_page, stop_at, embedded: Page) -> Walk:
    if embedded.items:
        head = walk(lambda cursor: Page(), on_page, first_page=Page(items=embedded.items), max_items=plan.max_items,
                    stop_at=stop_at, ctx=ctx)
        if head.stop_reason != END:
            return head
    return walk(pager, on_page, max_items=plan.max_items, stop_at=stop_at, ctx=ctx)

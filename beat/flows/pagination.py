"""Walking a cursor-paginated upstream answer: page caps, cursor loops and stop conditions.

A flow gives `walk` a function that fetches one page for a cursor, a function that stores a page's
items, and its limits; the walk says how many pages it read, why it stopped and where to resume.
Stopping because the asked-for work is done (the last page, enough items, posts older than the
window or already stored) is complete. Stopping before that (a cursor seen before, the page cap,
a source that stopped answering mid-walk) is incomplete: `partial` is True and `next_cursor` is the
cursor to resume from, so a client can ask again with it.
"""
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from beat.errors import NotFound, Private, RateLimited, TransportError
from beat.flows.cursor import sign_cursor
from beat.flows.result import FlowResult

T = TypeVar("T")

# why a walk stopped
END = "end"  # the upstream said there is nothing more
LIMIT = "limit"  # as many items as asked for
WINDOW = "older_than_window"  # reached items older than the flow's time window
STORED = "reached_stored"  # reached items already stored (incremental refresh)
PAGE_CAP = "page_cap"  # read the most pages a walk may read, with more left
CURSOR_LOOP = "cursor_loop"  # the upstream handed back a cursor it had already given
RATE_LIMITED = "rate_limited"  # the source stopped answering mid-walk: resume later
UPSTREAM_ERROR = "upstream_error"
INCOMPLETE = frozenset({PAGE_CAP, CURSOR_LOOP, RATE_LIMITED, UPSTREAM_ERROR})

SMALLEST_PAGE = 10  # the fewest items a source sends on a full page (most send 12 to 200)
MAX_PAGES = 200  # no walk reads more pages than this, whatever it was asked
INLINE_WAIT = 2.0  # seconds: a shorter rate-limit wait between pages is waited out in place
INLINE_TRIES = 3


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated answer. next_cursor is what the next call passes back upstream."""

    items: tuple = ()
    next_cursor: str | None = None
    has_more: bool = False


def page_cap(max_items: int | None, *, smallest_page: int = SMALLEST_PAGE) -> int:
    """Enough pages for max_items at the smallest page size, plus one for short pages."""
    if not max_items:
        return MAX_PAGES
    return max(1, min(MAX_PAGES, math.ceil(max_items / smallest_page) + 1))


@dataclass
class Walk:
    pages: int = 0  # pages fetched by this walk (an answer already in hand is not counted)
    fetched: int = 0  # items handed to on_page
    stop_reason: str = END
    next_cursor: str | None = None  # set when stopped with more left: resume from here
    error: str = ""

    @property
    def partial(self) -> bool:
        return self.stop_reason in INCOMPLETE

    def result(self, source: str | None, *, cursor_kind: str, cursor_key: str) -> FlowResult:
        """This walk as a flow's result (or a step of one); its resume cursor is signed for the client,
        for resuming `cursor_kind` of `cursor_key` (beat.flows.cursor)."""
        next_cursor = sign_cursor(cursor_kind, key=cursor_key, source=source, position=self.next_cursor)
        return FlowResult(source=source, pages=self.pages, fetched=self.fetched).stop(
            self.stop_reason, partial=self.partial, next_cursor=next_cursor, error=self.error)


def walk(fetch: Callable[[str | None], Page], on_page: Callable[[Sequence], None], *, cursor: str | None = None,
         first_page: Page | None = None, max_items: int | None = None, max_pages: int | None = None,
         stop_at: Callable[[Sequence], str | None] | None = None, ctx=None) -> Walk:
    """Fetch pages from `cursor` (or continue after first_page) until one stop condition holds.

    stop_at(items) sees each page's items before on_page stores them, and names a stop reason (WINDOW,
    STORED) or None. The first fetch's errors propagate (RateLimited reschedules the task); a later page
    that cannot be read ends the walk incomplete, keeping what earlier pages stored.
    """
    result = Walk()
    max_pages = max_pages or page_cap(max_items)
    seen = {cursor} if cursor else set()
    page, page_cursor = first_page, cursor
    while True:
        if page is None:
            if result.pages >= max_pages:
                return _stop(result, PAGE_CAP, page_cursor)
            first = result.pages == 0 and first_page is None
            try:
                page = _fetch(fetch, page_cursor, ctx, first=first)
            except (NotFound, Private):
                raise  # answers about the entity, whatever page they come on
            except TransportError as exc:
                if first:
                    raise
                result.error = exc.message
                reason = RATE_LIMITED if isinstance(exc, RateLimited) else UPSTREAM_ERROR
                return _stop(result, reason, page_cursor)
            result.pages += 1
        items = tuple(page.items)
        if max_items is not None and result.fetched + len(items) >= max_items:
            kept = items[:max_items - result.fetched]
            _store(result, on_page, kept)
            # a cut page is read again on resume (upserts make that harmless); a whole one is not
            if len(kept) < len(items):
                return _stop(result, LIMIT, page_cursor)
            more = page.has_more and page.next_cursor
            return _stop(result, LIMIT, page.next_cursor) if more else _stop(result, END, None)
        reason = stop_at(items) if stop_at else None
        _store(result, on_page, items)
        if reason:
            return _stop(result, reason, None)
        if not (page.has_more and page.next_cursor):
            return _stop(result, END, None)
        if page.next_cursor in seen:
            return _stop(result, CURSOR_LOOP, page.next_cursor)
        seen.add(page.next_cursor)
        page, page_cursor = None, page.next_cursor


def _fetch(fetch, cursor, ctx, *, first: bool) -> Page:
    """One page. Between pages, a short rate-limit wait (Beat's own per-second budgets) is waited out
    here rather than giving up the walk; the first page's limits go to the queue (retry_at)."""
    for attempt in range(INLINE_TRIES):
        if ctx is not None:
            ctx.check_deadline()
        try:
            return fetch(cursor)
        except RateLimited as exc:
            wait = exc.retry_after or 0.0
            left = ctx.seconds_left() if ctx is not None else None
            fits = left is None or wait + 1 < left
            if first or attempt == INLINE_TRIES - 1 or wait > INLINE_WAIT or not fits:
                raise
            time.sleep(wait)
    raise AssertionError("unreachable")


def _store(result: Walk, on_page, items) -> None:
    if items:
        on_page(items)
    result.fetched += len(items)


def _stop(result: Walk, reason: str, next_cursor: str | None) -> Walk:
    result.stop_reason, result.next_cursor = reason, next_cursor
    return result

"""Walking an operation's pages: the first page picks the source through the fallback order, later
pages stay on it, and a client's resume cursor (signed, beat.flows.cursor) names the source it came
from and is opened only against the operation's configured order."""
from collections.abc import Callable
from dataclasses import dataclass, field

from beat.flows import FlowResult
from beat.flows.cursor import open_cursor
from beat.flows.pagination import walk
from instagram.flows.fallback import first_answer
from instagram.flows.params import cursor_kind
from instagram.providers.orders import sources_for
from instagram.services import UpsertResult


@dataclass
class Pager:
    """Fetches pages of one operation. The first page picks the source through the fallback order;
    later pages stay on it, because a cursor only means something to the source that gave it."""

    ctx: object
    operation: str
    fetch_page: Callable  # (provider, cursor) -> Page
    source: str | None = None
    handle: str | None = None  # for sources that need the handle's own credential
    last_raw: object = None
    tried: list = field(default_factory=list)

    def __call__(self, cursor: str | None):
        answer = first_answer(self.ctx, self.operation, lambda p: self.fetch_page(p, cursor), source=self.source,
                              handle=self.handle)
        self.source = answer.source
        # every try of the first page; later pages add only what did not simply answer (bounded results)
        self.tried.extend(t for t in answer.tried if not self.tried or t["outcome"] != "answered")
        page, self.last_raw = answer.value
        return page

    def result(self, done, *, key: str, source: str | None = None) -> FlowResult:
        """The walk as a result: this pager's source, what it tried, a cursor signed for `key`."""
        result = done.result(source or self.source, cursor_kind=cursor_kind(self.operation), cursor_key=key)
        result.tried = self.tried
        return result


def walk_and_store(ctx, operation: str, fetch_page, store, *, key: str, cursor: str | None, max_items: int,
                   handle: str | None = None) -> tuple[FlowResult, UpsertResult]:
    """Walk an operation's pages of `key` (the profile id, shortcode or hashtag) from a client's resume
    cursor; store(items, source, raw) -> UpsertResult on each page. NotFound / Private propagate: the
    caller knows whose state they are."""
    source, position = resume(operation, key, cursor)
    pager = Pager(ctx, operation, fetch_page, source=source, handle=handle)
    upserts = UpsertResult()

    def on_page(items):
        nonlocal upserts
        upserts += store(items, pager.source, pager.last_raw)

    done = walk(pager, on_page, cursor=position, max_items=max_items, ctx=ctx)
    result = pager.result(done, key=key).count(created=upserts.created, updated=upserts.updated)
    return result, upserts


def resume(operation: str, key: str, token: str | None) -> tuple[str | None, str | None]:
    """(source, the source's own cursor) of a client's resume cursor, or (None, None) to start."""
    if not token:
        return None, None
    opened = open_cursor(token, kind=cursor_kind(operation), key=key, sources=sources_for(operation))
    return opened.source, opened.position

"""One call through the fallback order of a YouTube operation, and a pager that stays on its source.

The value comes back with the raw answers (for snapshots) and the quota units the call spent."""
from collections.abc import Callable
from dataclasses import dataclass, field

from beat.errors import TransportError
from credentials.fallback import call_with_fallback
from youtube.providers.orders import providers_for


@dataclass
class Answer:
    value: object
    source: str
    tried: list
    raw: list  # every decoded answer the provider received, in order
    quota_units: int = 0


def fetch(ctx, operation: str, fn: Callable, *, source: str | None = None, handle: str | None = None) -> Answer:
    """fn(provider) -> value, from the first provider of the operation's order that answers."""
    done = call_with_fallback(operation, providers_for(operation, source=source),
                              lambda p: (fn(p), [a.payload for a in p.answers], p.quota_units), ctx=ctx, handle=handle)
    value, raw, units = done.value
    return Answer(value=value, source=done.source, tried=done.tried, raw=raw, quota_units=units)


@dataclass
class Pager:
    """Pages of one operation: the first picks its source through the fallback order, later ones stay
    on it, because a page token only means something to the source that gave it."""

    ctx: object
    operation: str
    fetch_page: Callable  # (provider, cursor) -> Page
    source: str | None = None
    handle: str | None = None
    raw: list = field(default_factory=list)  # the last page's raw answers
    tried: list = field(default_factory=list)
    quota_units: int = 0

    def __call__(self, cursor):
        try:
            answer = fetch(self.ctx, self.operation, lambda p: self.fetch_page(p, cursor), source=self.source,
                           handle=self.handle)
        except TransportError as exc:  # what each source said goes in the result of the cut walk
            self.tried.extend((exc.details or {}).get("tried", []))
            raise
        self.source, self.raw = answer.source, answer.raw
        self.tried.extend(t for t in answer.tried if not self.tried or t["outcome"] != "answered")
        self.quota_units += answer.quota_units
        return answer.value


def raw_items(raw_answers, key: str = "id") -> dict:
    """{item id: its raw item} over Data API answers ({"items": [...]}); video ids of search results
    and playlist items are found under id.videoId / contentDetails.videoId."""
    found = {}
    for payload in raw_answers or ():
        for item in (payload.get("items") if isinstance(payload, dict) else None) or ():
            if not isinstance(item, dict):
                continue
            ident = (item.get("contentDetails") or {}).get("videoId") or item.get(key)
            if isinstance(ident, dict):
                ident = ident.get("videoId") or ident.get("channelId")
            if ident:
                found.setdefault(ident, item)
    return found

"""refresh_orders_by_store: every order of a shop, incremental on updated_at, resumable.

A sync asks for orders updated since the store's watermark (minus an overlap) and follows the Link
header to the last page. Each page is stored in one transaction with where the walk goes on from, so
a walk cut short (a 429 reschedules the task; a page cap or the clock ends it PARTIAL) is resumed by
the next run of the same query. The watermark moves, to the time the walk began, only in the
transaction of the last page of a walk that covered every order updated since the old watermark:
it never passes a page that was not stored.
"""
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from rest_framework import serializers as s

from beat.errors import BadResponse, InvalidParams, UpstreamRejected
from beat.flows import FlowResult, flow
from beat.flows.params import schema
from beat.providers import capabilities as cap
from credentials.fallback import call_with_fallback
from shopify.models import ShopifyStore
from shopify.providers import OrdersPage, ShopifyProvider, orders_query, shop_domain
from shopify.services import (OrderCounts, orders_page_store, store_for_sync, store_resume_drop,
                              store_sync_finish)

# Re-read orders updated this long before the watermark: Beat's clock and Shopify's may differ, and
# an order being written while a walk began may show its new updated_at a moment later.
OVERLAP = timedelta(minutes=10)
MAX_PAGES = 400  # per run (100,000 orders at 250 a page); the next run goes on from there
TIME_MARGIN = 20.0  # seconds of the timeout kept free: stop between pages (PARTIAL), never TIMEOUT
sleep = time.sleep  # the pause the shop's call-limit header asks for (tests watch it)


class ShopDomainField(s.CharField):
    def to_internal_value(self, data):
        try:
            return shop_domain(super().to_internal_value(data))
        except InvalidParams as exc:
            raise s.ValidationError(exc.details["shop"]) from None


Params = schema("OrdersByStoreParams",
                store=ShopDomainField(max_length=255, help_text="The shop domain, e.g. example.myshopify.com"),
                limit=s.IntegerField(required=False, min_value=1, max_value=250,
                                     help_text="Orders per page (default 250)."),
                updated_at_min=s.DateTimeField(required=False, help_text="Default: the store's watermark "
                                                                         "minus an overlap."),
                created_at_min=s.DateTimeField(required=False), created_at_max=s.DateTimeField(required=False))


@dataclass(frozen=True)
class SyncPlan:
    query: dict  # the first page's query
    moves_watermark: bool  # the walk covers every order updated since the stored watermark


@dataclass
class Progress:
    """What a walk did so far; as_result() is the flow's result."""

    store: str
    pages: int = 0
    fetched: int = 0
    counts: OrderCounts = field(default_factory=OrderCounts)
    stop_reason: str = "end"
    partial: bool = False
    resumed: bool = False
    error: str = ""  # what cut the walk short
    tried: list = field(default_factory=list)

    def add(self, page: OrdersPage, counts: OrderCounts, tried: list) -> None:
        self.pages += 1
        self.fetched += len(page.orders)
        self.counts += counts
        self.tried.extend(t for t in tried if not self.tried or t["outcome"] != "answered")

    def stop(self, reason: str, *, partial: bool = False, error: str = "") -> "Progress":
        self.stop_reason, self.partial, self.error = reason, partial, error
        return self

    def as_result(self, watermark: datetime | None) -> FlowResult:
        result = FlowResult(source=ShopifyProvider.source, fetched=self.fetched, pages=self.pages, tried=self.tried,
                            extra={"store": self.store, "unchanged": self.counts.unchanged,
                                   "events": self.counts.events, "resumed": self.resumed,
                                   "watermark": watermark.isoformat() if watermark else None})
        result.count(created=self.counts.created, updated=self.counts.updated)
        return result.stop(self.stop_reason, partial=self.partial, error=self.error)


@flow("refresh_orders_by_store", params=Params, platform="SHOPIFY", queue="shopify", timeout=1800, concurrency=10)
def refresh_orders_by_store(ctx, *, store, limit=None, updated_at_min=None, created_at_min=None,
                            created_at_max=None):
    """Every order of a shop since its watermark (or the filters given); a run cut short resumes."""
    shop = store_for_sync(shop=store, account_id=ctx.account_id)
    plan = plan_sync(shop, limit=limit, updated_at_min=_when(updated_at_min),
                     created_at_min=_when(created_at_min), created_at_max=_when(created_at_max))
    progress = walk_orders(ctx, shop, plan)
    shop.refresh_from_db(fields=["watermark"])  # saved by now: every walk stores a page or raises
    result = progress.as_result(shop.watermark)
    store_sync_finish(store=shop, status="PARTIAL" if result.partial else "COMPLETE", result=result.as_dict())
    return result


def plan_sync(store: ShopifyStore, *, limit=None, updated_at_min=None, created_at_min=None,
              created_at_max=None) -> SyncPlan:
    since = updated_at_min
    if since is None and store.watermark is not None:
        since = store.watermark - OVERLAP
    if updated_at_min is None:
        covers = True
    else:  # a client's own start covers the gap only when it is not after the watermark
        covers = store.watermark is not None and updated_at_min <= store.watermark
    return SyncPlan(query=orders_query(limit=limit, updated_at_min=since, created_at_min=created_at_min,
                                       created_at_max=created_at_max),
                    moves_watermark=covers and created_at_min is None and created_at_max is None)


def walk_orders(ctx, store: ShopifyStore, plan: SyncPlan) -> Progress:
    resume = store.resume if store.resume and store.resume.get("query") == plan.query else None
    started = datetime.fromisoformat(resume["started_at"]) if resume else timezone.now()
    next_url = resume["next_url"] if resume else None
    progress = Progress(store=store.shop, resumed=resume is not None)
    while True:
        if progress.pages >= MAX_PAGES:
            return progress.stop("page_cap", partial=True)
        if progress.pages and _time_is_short(ctx):
            return progress.stop("time", partial=True)
        try:
            answer = _orders_page(ctx, store, plan, next_url)
        except BadResponse as exc:
            if not progress.pages:
                raise
            # a later page Beat cannot read: keep what is stored, say why, resume there next time
            return progress.stop("upstream_error", partial=True, error=exc.message)
        except UpstreamRejected:
            if not (resume and progress.pages == 0 and next_url):
                raise
            # the stored link is no longer accepted (expired page_info): walk again from the start
            store_resume_drop(store=store)
            started, next_url, resume = timezone.now(), None, None
            progress.resumed = False
            continue
        page = answer.value
        last = page.next_url is None
        resume_at = {"query": plan.query, "next_url": page.next_url, "started_at": started.isoformat()}
        counts = orders_page_store(store=store, records=page.orders, credential_id=answer.credential_id,
                                   resume=None if last else resume_at,
                                   watermark=started if last and plan.moves_watermark else None)
        progress.add(page, counts, answer.tried)
        if last:
            return progress.stop("end")
        _pause(ctx, page.pause)
        next_url = page.next_url


def _orders_page(ctx, store: ShopifyStore, plan: SyncPlan, next_url: str | None):
    """One page through the shop's own credential (its handle is the shop domain): a 429 cools it
    and reschedules the task, a 401 / 403 puts it aside for a person."""
    def fetch(provider: ShopifyProvider) -> OrdersPage:
        return provider.orders(store.shop, query=None if next_url else plan.query, next_url=next_url)

    return call_with_fallback(cap.ORDERS, [ShopifyProvider], fetch, ctx=ctx, handle=store.shop)


def _pause(ctx, seconds: float) -> None:
    left = _seconds_left(ctx)
    if left is not None:  # never sleep into the margin kept for ending cleanly
        seconds = min(seconds, max(0.0, left - TIME_MARGIN))
    if seconds > 0:
        sleep(seconds)


def _time_is_short(ctx) -> bool:
    left = _seconds_left(ctx)
    return left is not None and left < TIME_MARGIN


def _seconds_left(ctx) -> float | None:
    return ctx.seconds_left() if ctx is not None else None


def _when(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

"""Shopify Admin REST API (2024-01): a shop's orders and its shop record, with the shop's own token.

Shapes: fixtures/README.md section 4 (verified structure). References:
shopify.dev/docs/api/admin-rest/2024-01/resources/order (GET orders.json and its filters),
shopify.dev/docs/api/admin-rest/usage/pagination (Link header, page_info),
shopify.dev/docs/api/admin-rest/usage/rate-limits (X-Shopify-Shop-Api-Call-Limit, Retry-After).

The shop domain goes into the host of every URL (BEAT_SHOPIFY_BASE_URL `https://{shop}/...`), so it
is checked here, once, before anything is sent: shop_domain() is also what the credentials layer
applies to a shopify credential's handle and what the flow's params use.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from beat.errors import BadResponse, InvalidParams
from beat.providers import Provider, reading
from beat.providers import capabilities as cap
from shopify.parsers import OrderRecord, parse_orders

SHOP_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com")
MAX_LIMIT = 250  # orders per page, Shopify's maximum
# The leaky bucket: slow down once it is this full, at the Standard plan's leak rate (Advanced and
# Plus leak faster, so for them the pause is longer than needed, never shorter).
BUCKET_HEADROOM = 0.8
LEAK_PER_SECOND = 2.0
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([a-z]+)"?')


def shop_domain(value) -> str:
    """The shop's `<name>.myshopify.com` domain, lower-cased; anything else (a host, a port, a path,
    a custom domain) is InvalidParams, so no URL is ever built from it."""
    text = str(value or "").strip().lower()
    if not SHOP_DOMAIN.fullmatch(text):
        shown = str(value)[:80]
        raise InvalidParams(f"{shown!r} is not a Shopify shop domain: it must be <name>.myshopify.com",
                            details={"shop": ["Must be a <name>.myshopify.com domain."]})
    return text


def orders_query(*, limit: int | None = None, updated_at_min: datetime | None = None,
                 created_at_min: datetime | None = None, created_at_max: datetime | None = None) -> dict:
    """The first page's query: every order (open, closed, cancelled), the filters that are set."""
    query = {"status": "any", "limit": min(limit or MAX_LIMIT, MAX_LIMIT)}
    for name, value in (("updated_at_min", updated_at_min), ("created_at_min", created_at_min),
                        ("created_at_max", created_at_max)):
        if value is not None:
            query[name] = value.isoformat()
    return query


@dataclass(frozen=True)
class OrdersPage:
    orders: list[OrderRecord]  # parsed; each keeps the raw order it was read from
    next_url: str | None  # the Link header's rel="next" URL; None on the last (or only) page
    pause: float = 0.0  # seconds to wait before the next call, so the shop's bucket never fills


class ShopifyProvider(Provider):
    source = "shopify"
    base_url_setting = "BEAT_SHOPIFY_BASE_URL"
    error_family = "shopify"
    capabilities: ClassVar[frozenset[str]] = frozenset({cap.ORDERS, cap.VALIDATE})
    # a shop answers only to its own token: the credential whose handle is the shop domain
    own_credential_operations: ClassVar[frozenset[str]] = frozenset({cap.ORDERS})
    credential_headers: ClassVar[tuple[str, ...]] = ("X-Shopify-Access-Token",)  # and nothing else it holds

    def orders(self, shop: str, *, query: dict | None = None, next_url: str | None = None) -> OrdersPage:
        """One page of orders: the first with `query` (orders_query()), later ones from the previous
        page's next_url. A page_info URL may carry only limit and fields, and the link has them."""
        # Reference: GET /admin/api/2024-01/orders.json
        where = {"shop": shop_domain(shop)}
        if next_url:
            reply = self.exchange("GET", next_url, url_vars=where, endpoint="/orders.json", expect=dict)
        else:
            reply = self.exchange("GET", "orders.json", params=query, url_vars=where, endpoint="/orders.json",
                                  expect=dict)
        orders = reply.body.get("orders")
        if not isinstance(orders, list):
            raise BadResponse("shopify GET /orders.json: no orders list in the answer", source=self.source)
        with reading(self.source, "order"):
            records = parse_orders(orders)
        return OrdersPage(records, next_link(reply.headers.get("Link")), bucket_pause(reply.headers))

    def shop(self, shop: str) -> dict:
        """The shop record: the cheapest call that proves a token opens this shop."""
        # Reference: GET /admin/api/2024-01/shop.json
        return self.get("shop.json", url_vars={"shop": shop_domain(shop)}, endpoint="/shop.json", expect=dict)


def next_link(header: str | None) -> str | None:
    """The rel="next" URL of a Link header (`<url>; rel="previous", <url>; rel="next"`)."""
    for url, rel in _LINK.findall(header or ""):
        if rel == "next":
            return url
    return None


def bucket_pause(headers) -> float:
    """Seconds to wait so the bucket drains back below the headroom, from "used/size"."""
    used, _, size = (headers.get("X-Shopify-Shop-Api-Call-Limit") or "").partition("/")
    try:
        used, size = float(used), float(size)
    except ValueError:
        return 0.0
    threshold = size * BUCKET_HEADROOM
    return 0.0 if size <= 0 or used < threshold else (used - threshold + 1) / LEAK_PER_SECOND

"""Shopify order objects (Admin REST 2024-01, fixtures/README.md section 4) -> records. Pure: no ORM, no HTTP.

Money comes as decimal strings, ids as 64-bit integers (kept as strings, as the FastAPI Beat's
platform_order_id was), timestamps with the shop's offset.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlsplit

from beat.errors import BadResponse

PARSER_VERSION = 1


@dataclass(frozen=True)
class LineItemRecord:
    line_item_id: str
    product_id: str | None
    variant_id: str | None
    title: str
    variant_title: str | None
    sku: str | None
    vendor: str | None
    quantity: int
    price: Decimal | None


@dataclass(frozen=True)
class OrderRecord:
    platform_order_id: str
    name: str
    order_number: int | None
    status: str | None  # the first fulfillment's status (the FastAPI Beat's "status")
    financial_status: str | None
    fulfillment_status: str | None
    currency: str | None
    total_price: Decimal | None
    subtotal_price: Decimal | None
    total_tax: Decimal | None
    total_discounts: Decimal | None
    created_at: datetime
    updated_at: datetime
    processed_at: datetime | None
    cancelled_at: datetime | None
    landing_site: str | None
    utm_params: dict  # the utm_* parameters of landing_site, "utm_" stripped
    store_name: str | None  # the first line item's vendor
    customer_id: str | None
    customer_email: str | None
    customer_name: str | None
    line_items: tuple[LineItemRecord, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False)


def parse_orders(raw_orders: list) -> list[OrderRecord]:
    return [parse_order(raw) for raw in raw_orders]


def parse_order(raw: dict) -> OrderRecord:
    if not isinstance(raw, dict) or raw.get("id") in (None, ""):
        raise BadResponse("shopify order without an id", source="shopify")
    items = tuple(_line_item(item) for item in raw.get("line_items") or ())
    fulfillments = raw.get("fulfillments") or [{}]
    customer = raw.get("customer") or {}
    landing_site = raw.get("landing_site") or None
    return OrderRecord(
        platform_order_id=str(raw["id"]), name=str(raw.get("name") or ""), order_number=raw.get("order_number"),
        status=fulfillments[0].get("status"), financial_status=raw.get("financial_status"),
        fulfillment_status=raw.get("fulfillment_status"), currency=raw.get("currency"),
        total_price=money(raw.get("total_price")), subtotal_price=money(raw.get("subtotal_price")),
        total_tax=money(raw.get("total_tax")), total_discounts=money(raw.get("total_discounts")),
        created_at=_required_time(raw, "created_at"), updated_at=_required_time(raw, "updated_at"),
        processed_at=timestamp(raw.get("processed_at")), cancelled_at=timestamp(raw.get("cancelled_at")),
        landing_site=landing_site, utm_params=utm_params(landing_site),
        store_name=items[0].vendor if items else None,
        customer_id=_id(customer.get("id")), customer_email=customer.get("email") or raw.get("email"),
        customer_name=" ".join(p for p in (customer.get("first_name"), customer.get("last_name")) if p) or None,
        line_items=items, raw=raw)


def utm_params(landing_site: str | None) -> dict:
    """{"source": "instagram", "campaign": "fall"} from "/?utm_source=instagram&utm_campaign=fall";
    the first value of a repeated parameter wins."""
    found: dict = {}
    for name, value in parse_qsl(urlsplit(landing_site or "").query, keep_blank_values=True):
        if name.lower().startswith("utm_") and len(name) > 4:
            found.setdefault(name[4:].lower(), value)
    return found


def money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadResponse(f"shopify money value {str(value)[:40]!r} is not a number", source="shopify") from None


def timestamp(value) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BadResponse(f"shopify timestamp {str(value)[:40]!r} is not ISO 8601", source="shopify") from None
    if when.tzinfo is None:
        raise BadResponse(f"shopify timestamp {value!r} has no offset", source="shopify")
    return when


def _required_time(raw: dict, name: str) -> datetime:
    when = timestamp(raw.get(name))
    if when is None:
        raise BadResponse(f"shopify order {raw.get('id')} has no {name}", source="shopify")
    return when


def _line_item(raw: dict) -> LineItemRecord:
    if not isinstance(raw, dict) or raw.get("id") in (None, ""):
        raise BadResponse("shopify line item without an id", source="shopify")
    return LineItemRecord(line_item_id=str(raw["id"]), product_id=_id(raw.get("product_id")),
                          variant_id=_id(raw.get("variant_id")), title=str(raw.get("title") or ""),
                          variant_title=raw.get("variant_title"), sku=raw.get("sku") or None,
                          vendor=raw.get("vendor") or None, quantity=int(raw.get("quantity") or 0),
                          price=money(raw.get("price")))


def _id(value) -> str | None:
    return None if value in (None, "") else str(value)

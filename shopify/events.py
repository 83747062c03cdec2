"""order_log_events (beat.dx, routing key order_log_events): one per stored order, with the FastAPI
Beat's payload keys (event_id, source, platform, platform_order_id, store, event_timestamp, metrics,
dimensions), which the downstream loader reads.

emit() is the one place they leave this app: into the core outbox (beat.events), in the same
transaction as the orders, published after commit; the store's account receives them as webhooks.
"""
import uuid
from datetime import datetime

from beat import events as outbox
from shopify.parsers import OrderRecord

ROUTING_KEY = "order_log_events"
EXCHANGE = "beat.dx"


def order_log_event(record: OrderRecord, *, store: str, timestamp: datetime) -> dict:
    return {
        "event_id": str(uuid.uuid4()), "source": "shopify", "platform": "SHOPIFY",
        "platform_order_id": record.platform_order_id, "store": store, "event_timestamp": timestamp.isoformat(),
        "metrics": {"total_price": _number(record.total_price), "subtotal_price": _number(record.subtotal_price),
                    "total_tax": _number(record.total_tax), "total_discounts": _number(record.total_discounts),
                    "line_items": len(record.line_items),
                    "quantity": sum(item.quantity for item in record.line_items)},
        "dimensions": {"name": record.name, "status": record.status, "financial_status": record.financial_status,
                       "fulfillment_status": record.fulfillment_status, "currency": record.currency,
                       "store_name": record.store_name, "landing_site": record.landing_site,
                       "utm_params": record.utm_params, "customer_id": record.customer_id,
                       "created_at": record.created_at.isoformat(), "updated_at": record.updated_at.isoformat(),
                       "cancelled_at": record.cancelled_at.isoformat() if record.cancelled_at else None},
    }


def emit(events: list[dict], *, account_id: int | None) -> int:
    """Write order_log_events to the outbox in the caller's transaction; the number written."""
    return outbox.emit_many(ROUTING_KEY, events, exchange=EXCHANGE, account_id=account_id)


def _number(value):
    return None if value is None else str(value)

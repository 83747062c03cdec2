"""order_log_events payloads: the FastAPI Beat's keys, figures from the order, nothing secret."""
from datetime import datetime, timezone

from shopify.events import order_log_event
from shopify.parsers import parse_order
from tests.shopify.kit import SHOP, order

KEYS = {"event_id", "source", "platform", "platform_order_id", "store", "event_timestamp", "metrics", "dimensions"}


def test_an_order_event_has_the_keys_downstream_loads():
    when = datetime(2025, 9, 15, tzinfo=timezone.utc)
    raw = order(7, landing_site="/?utm_source=ig", fulfillment="success", total="30.00")
    event = order_log_event(parse_order(raw), store=SHOP, timestamp=when)
    assert set(event) == KEYS
    assert (event["source"], event["platform"], event["store"]) == ("shopify", "SHOPIFY", SHOP)
    assert (event["platform_order_id"], event["event_timestamp"]) == (str(raw["id"]), "2025-09-15T00:00:00+00:00")
    assert event["metrics"] == {"total_price": "30.00", "subtotal_price": "79.90", "total_tax": "4.79",
                                "total_discounts": "0.00", "line_items": 3, "quantity": 6}
    assert event["dimensions"]["utm_params"] == {"source": "ig"} and event["dimensions"]["status"] == "success"


def test_two_events_never_share_an_id():
    record = parse_order(order(1))
    when = datetime(2025, 9, 15, tzinfo=timezone.utc)
    assert order_log_event(record, store=SHOP, timestamp=when)["event_id"] != \
        order_log_event(record, store=SHOP, timestamp=when)["event_id"]

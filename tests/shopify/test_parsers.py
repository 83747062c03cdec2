"""Shopify order objects into records: pure, from the recorded fixture."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from beat.errors import BadResponse
from shopify.parsers import parse_order, utm_params
from tests.shopify.kit import RECORDED, order


def test_the_recorded_order_reads_as_its_record():
    record = parse_order(RECORDED[0])
    assert (record.platform_order_id, record.name, record.order_number) == ("5821234567890", "#1042", 1042)
    assert (record.financial_status, record.fulfillment_status, record.currency) == ("paid", None, "USD")
    assert (record.total_price, record.subtotal_price, record.total_tax) == (Decimal("89.90"), Decimal("79.90"),
                                                                            Decimal("4.79"))
    assert record.created_at == datetime(2025, 9, 14, 12, 2, 11, tzinfo=timezone(timedelta(hours=-4)))
    assert (record.customer_id, record.customer_email, record.customer_name) == ("7301234567001",
                                                                                 "jordan.lee@example.com", "Jordan Lee")
    first = record.line_items[0]
    assert (first.line_item_id, first.product_id, first.variant_id, first.sku, first.quantity, first.price) == (
        "14098765432101", "7601234567890", "43012345678901", "CAP-TR-OLV", 1, Decimal("24.90"))
    assert record.raw is RECORDED[0]


def test_store_name_is_the_first_line_items_vendor():
    raw = order(1, vendor="Trail Co")
    raw["line_items"][1]["vendor"] = "Someone Else"
    assert parse_order(raw).store_name == "Trail Co"
    assert parse_order(order(2, items=0)).store_name is None


def test_status_is_the_first_fulfillments_status():
    assert parse_order(order(1, fulfillment="success")).status == "success"
    assert parse_order(order(1)).status is None


@pytest.mark.parametrize("landing_site, expected", [
    ("/", {}),
    (None, {}),
    ("/?utm_source=instagram&utm_medium=social&utm_campaign=fall", {"source": "instagram", "medium": "social",
                                                                   "campaign": "fall"}),
    ("https://acme.example/products/cap?UTM_Source=ig&ref=x&utm_content=", {"source": "ig", "content": ""}),
    ("/p?utm_source=first&utm_source=second", {"source": "first"}),
    ("/p?utm_=x&utmsource=y", {}),
])
def test_utm_params_are_landing_sites_utm_parameters_without_the_prefix(landing_site, expected):
    assert utm_params(landing_site) == expected


def test_an_order_without_an_id_or_a_time_is_a_bad_response():
    with pytest.raises(BadResponse, match="without an id"):
        parse_order({"name": "#1"})
    with pytest.raises(BadResponse, match="updated_at"):
        parse_order({**RECORDED[0], "updated_at": None})
    with pytest.raises(BadResponse, match="not a number"):
        parse_order({**RECORDED[0], "total_price": "ten"})

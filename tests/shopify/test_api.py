"""The Shopify routes: a store's orders and their daily summary, seen only by its account and staff."""
import pytest

from shopify.models import ShopifyStore
from shopify.parsers import parse_orders
from shopify.services import orders_upsert
from tests.accounts.factories import AccountFactory
from tests.shopify.kit import SHOP, order

pytestmark = pytest.mark.django_db
ORDERS_URL = f"/shopify/stores/{SHOP}/orders"
DAY1, DAY2 = "2025-09-13T10:00:00-04:00", "2025-09-14T23:30:00-04:00"  # the second is Sept 15 in UTC


@pytest.fixture
def store(account):  # noqa: F811
    shop = ShopifyStore.objects.create(shop=SHOP, account=account)
    orders_upsert(store=shop, records=parse_orders([
        order(1, created_at=DAY1, total="10.00"), order(2, created_at=DAY1, total="5.50", currency="EUR"),
        order(3, created_at=DAY2, total="20.25", fulfillment="success"),
        order(4, created_at=DAY2, total="7.00", cancelled_at="2025-09-15T09:00:00-04:00")]))
    return shop


def test_a_client_reads_its_stores_orders_newest_first_with_line_items(client_of, account, store):  # noqa: F811
    answer = client_of(account).get(ORDERS_URL, {"size": 2})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["store"], body["count"], body["next"] is not None) == (SHOP, 4, True)
    first = body["data"][0]
    assert first["name"] in ("#2003", "#2004") and first["platform"] == "SHOPIFY"
    assert len(first["line_items"]) == 3 and first["line_items"][0]["sku"].startswith("SKU-")
    assert body["data"][0]["total_price"] in ("20.25", "7.00") and "order_data" not in first


def test_orders_filter_by_date_and_status(client_of, account, store):  # noqa: F811
    client = client_of(account)
    since = client.get(ORDERS_URL, {"created_at_min": "2025-09-14T00:00:00Z"}).json()
    assert sorted(o["name"] for o in since["data"]) == ["#2003", "#2004"]
    fulfilled = client.get(ORDERS_URL, {"status": "success"}).json()
    assert [o["name"] for o in fulfilled["data"]] == ["#2003"]
    assert client.get(ORDERS_URL, {"financial_status": "refunded"}).json()["count"] == 0
    bad = client.get(ORDERS_URL, {"created_at_min": "yesterday"})
    assert bad.status_code == 400 and "created_at_min" in bad.json()["error"]["details"]


def test_the_summary_counts_orders_and_revenue_per_day_and_currency(client_of, account, store):  # noqa: F811
    body = client_of(account).get(f"{ORDERS_URL}/summary").json()
    assert body["data"] == [
        {"date": "2025-09-13", "currency": "EUR", "orders": 1, "cancelled": 0, "revenue": "5.50"},
        {"date": "2025-09-13", "currency": "USD", "orders": 1, "cancelled": 0, "revenue": "10.00"},
        {"date": "2025-09-15", "currency": "USD", "orders": 1, "cancelled": 1, "revenue": "20.25"}]
    later = client_of(account).get(f"{ORDERS_URL}/summary", {"created_at_min": "2025-09-14T00:00:00Z"}).json()
    assert [day["date"] for day in later["data"]] == ["2025-09-15"]


def test_another_accounts_store_reads_as_unknown_and_staff_see_every_store(client_of, staff, store):  # noqa: F811
    stranger = client_of(AccountFactory(slug="stranger"))
    for url in (ORDERS_URL, f"{ORDERS_URL}/summary"):
        answer = stranger.get(url)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert stranger.get("/shopify/stores").json() == {"data": []}
    assert staff.get(ORDERS_URL).json()["count"] == 4
    assert [s["shop"] for s in staff.get("/shopify/stores").json()["data"]] == [SHOP]


def test_a_store_that_is_not_a_shop_domain_is_a_400(client_of, account):  # noqa: F811
    answer = client_of(account).get("/shopify/stores/127.0.0.1:8000/orders")
    assert answer.status_code == 400 and "store" in answer.json()["error"]["details"]


def test_a_page_of_orders_costs_the_same_queries_whatever_its_size(client_of, account, store,  # noqa: F811
                                                                    django_assert_max_num_queries):
    client = client_of(account)
    with django_assert_max_num_queries(5):
        assert len(client.get(ORDERS_URL, {"size": 4}).json()["data"]) == 4


def test_without_a_key_nothing_is_answered(client, store):
    assert client.get(ORDERS_URL).status_code == 401

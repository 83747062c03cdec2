"""Shopify admin pages: stores with their sync position and "sync now" through the queue; orders with
their line items inline, in a constant number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beat.models import ScrapeRequestLog
from shopify.models import Order, ShopifyStore
from shopify.parsers import parse_orders
from shopify.services import orders_upsert
from tests.shopify.kit import SHOP, order

pytestmark = pytest.mark.django_db
STORES = reverse("admin:shopify_shopifystore_changelist")
ORDERS = reverse("admin:shopify_order_changelist")


@pytest.fixture
def store(db):
    shop = ShopifyStore.objects.create(shop=SHOP, resume={"next_url": "x"}, last_status="PARTIAL")
    orders_upsert(store=shop, records=parse_orders([order(n) for n in range(1, 6)]))
    return shop


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_stores_show_their_sync_position(admin_client, store):
    page = admin_client.get(STORES).content.decode()
    assert SHOP in page and "PARTIAL" in page


def test_sync_now_queues_one_task_per_store(admin_client, store):
    answer = admin_client.post(STORES, {"action": "sync_now", "_selected_action": [store.pk]}, follow=True)
    task = ScrapeRequestLog.objects.get()
    assert (task.flow, task.params, task.status) == ("refresh_orders_by_store", {"store": SHOP}, "PENDING")
    assert f"#{task.pk}" in answer.content.decode()


def test_an_order_shows_its_line_items_and_the_answer_it_came_from(admin_client, store):
    stored = Order.objects.order_by("id").first()
    page = admin_client.get(reverse("admin:shopify_order_change", args=[stored.pk])).content.decode()
    assert "SKU-1-0" in page and "SKU-1-2" in page and "acme-outdoor.myshopify.com/68123456789" in page


def test_the_order_list_costs_the_same_queries_for_more_orders(admin_client, store):
    few = queries(admin_client, ORDERS)
    orders_upsert(store=store, records=parse_orders([order(n) for n in range(10, 40)]))
    assert queries(admin_client, ORDERS) == few
    assert queries(admin_client, ORDERS + "?financial_status__exact=paid") == few

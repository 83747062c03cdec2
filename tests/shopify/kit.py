"""Shared by the Shopify tests: orders shaped like the recorded fixture, a shop credential as a real
row, Link headers pointing at the fake upstream, and flows run through the real queue."""
import copy
import json

from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit
from tests.fakeupstream import FIXTURES

SHOP = "acme-outdoor.myshopify.com"
TOKEN = "shpat_fake_token_for_tests_0123456789abcdef"
PREFIX = "/admin/api/2024-01"
ORDERS = f"{PREFIX}/orders.json"
RECORDED = json.loads((FIXTURES / "shopify/orders_page1.json").read_text())["orders"]


def order(n: int, *, updated_at: str = "2025-09-14T12:02:11-04:00", items: int = 3, vendor: str = "Acme Outdoor",
          landing_site: str = "/", fulfillment: str | None = None, total: str = "89.90",
          created_at: str = "2025-09-14T12:02:11-04:00", currency: str = "USD", cancelled_at=None) -> dict:
    """The recorded order #1042 with its own ids, times and n-th line items."""
    raw = copy.deepcopy(RECORDED[0])
    line = raw["line_items"][0]
    raw.update(id=5_900_000_000_000 + n, name=f"#{2000 + n}", order_number=2000 + n, updated_at=updated_at,
               created_at=created_at, landing_site=landing_site, total_price=total, currency=currency,
               cancelled_at=cancelled_at, fulfillments=[{"id": 1, "status": fulfillment}] if fulfillment else [])
    raw["line_items"] = [{**copy.deepcopy(line), "id": 14_000_000_000_000 + n * 10 + i, "vendor": vendor,
                          "sku": f"SKU-{n}-{i}", "quantity": i + 1} for i in range(items)]
    return raw


def page(*orders) -> dict:
    return {"orders": list(orders)}


def link(fake, page_info: str, rel: str = "next") -> str:
    return f'<{fake.url}{ORDERS}?limit=250&page_info={page_info}>; rel="{rel}"'


def run_flow(params: dict, *, account=None) -> ScrapeRequestLog:
    """Submit as a client would, claim as a worker would, run, and return the task as stored."""
    submitted, _ = submit("refresh_orders_by_store", params, account=account)
    return run_task(submitted)


def run_task(submitted) -> ScrapeRequestLog:
    ScrapeRequestLog.objects.filter(pk=submitted.pk).update(retry_at=None)  # its wait is over
    task = claim.claim_next(queue="shopify", worker="t")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task

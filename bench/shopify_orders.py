"""Shopify orders bench on PostgreSQL: SQL queries and time to store a page of 250 orders with 3 line
items each, as refresh_orders_by_store stores a page (orders, line items and the store's resume point
in one transaction).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat DJANGO_SECRET_KEY=x .venv/bin/python bench/shopify_orders.py

Three cases: into new rows; the same page again (an overlapping sync: nothing newer, nothing written);
every order updated (newer updated_at, line items rewritten). Uses its own database
(<name>_bench_shopify, created and migrated here) and empties its Shopify tables first.
Fails if the queries of a page grow with its orders (50 vs 250).
"""
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run as a script, bench/ heads sys.path and bench/queue.py would shadow the standard library's queue
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from bench.benchdb import ensure_database, use_own_database  # noqa: E402
from bench.figures import record  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench_shopify")
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
SIZES = (50, 250)
ITEMS = 3
RECORDED = json.loads((ROOT / "tests/fixtures/shopify/orders_page1.json").read_text())["orders"][0]
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def raw_page(run: int, n: int, updated_at: str) -> list[dict]:
    """n copies of the recorded order, each with its own ids and ITEMS line items."""
    orders = []
    for i in range(n):
        raw = copy.deepcopy(RECORDED)
        base = (run * 1000 + i) * 10
        raw.update(id=6_000_000_000_000 + base, name=f"#{base}", updated_at=updated_at,
                   landing_site=f"/?utm_source=bench&utm_campaign=c{i % 7}")
        line = raw["line_items"][0]
        raw["line_items"] = [{**copy.deepcopy(line), "id": 16_000_000_000_000 + base + k, "sku": f"B-{base}-{k}"}
                             for k in range(ITEMS)]
        orders.append(raw)
    return orders


def store_page(store, raw_orders):
    from shopify.parsers import parse_orders
    from shopify.services import orders_page_store

    return orders_page_store(store=store, records=parse_orders(raw_orders),
                             resume={"query": {"status": "any"}, "next_url": "https://x.myshopify.com/n"})


def measure(store, n: int, case: str) -> tuple[tuple[int, int], list[float]]:
    """((statements, of which transaction control) of one page, milliseconds of each run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], None
    for run in range(RUNS):
        run_id = {"new": 0, "same": 1, "updated": 2}[case] * RUNS + run + n
        first = raw_page(run_id, n, "2025-09-14T12:02:11-04:00")
        page = first
        if case != "new":
            store_page(store, first)
            page = first if case == "same" else raw_page(run_id, n, "2025-09-15T08:00:00-04:00")
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            counts = store_page(store, page)
            times.append((time.perf_counter() - began) * 1000)
        expected = {"new": (n, 0, 0), "same": (0, 0, n), "updated": (0, n, 0)}[case]
        if (counts.created, counts.updated, counts.unchanged) != expected:
            raise SystemExit(f"{case}: stored {counts}, expected created/updated/unchanged {expected}")
        sql = [q["sql"] for q in captured.captured_queries]
        counted = (len(sql), sum(s.startswith(TRANSACTION) for s in sql))
        queries = counted if queries is None else queries
        if counted != queries:
            raise SystemExit(f"query count moved between runs: {queries} then {counted}")
    return queries, times


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    from shopify.models import Order, ShopifyStore

    Order.objects.all().delete()
    ShopifyStore.objects.all().delete()
    store = ShopifyStore.objects.create(shop="bench.myshopify.com")
    print(f"shopify orders bench: PostgreSQL, {RUNS} runs per line, a page through shopify.services "
          f"(orders with {ITEMS} line items each)")
    counts, grew = {}, False
    for case, what in (("new", "into new rows"), ("same", "again, unchanged"), ("updated", "all updated")):
        for n in SIZES:
            queries, times = measure(store, n, case)
            counts[(case, n)] = queries
            print(f"store {n:>3} orders {what:<17}: {queries[0]} SQL queries "
                  f"({queries[0] - queries[1]} + {queries[1]} transaction), median {statistics.median(times):6.1f} ms, "
                  f"{n / statistics.median(times) * 1000:6.0f} orders/s")
        few, many = counts[(case, SIZES[0])], counts[(case, SIZES[1])]
        grew = grew or few != many
        record("shopify_orders", f"queries to store a page, {SIZES[0]} vs {SIZES[1]} orders ({what})",
               f"{few[0]} vs {many[0]}", aim="same count", ok=few == many)
        record("shopify_orders", f"orders stored per second, page of {n} ({what})",  # the last, largest page
               round(n / statistics.median(times) * 1000), "orders/s")
    if grew:
        raise SystemExit("the queries of a page grew with its orders")


if __name__ == "__main__":
    main()

"""refresh_orders_by_store through the real queue, against the fake upstream, on PostgreSQL."""
import time
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from beat.flows import FlowContext
from beat.models import Status
from beat.models_events import OutboxEvent
from credentials.models import Credential, State
from credentials.services import credential_upsert
from shopify import flows
from shopify.models import Order, OrderLineItem, ShopifyStore
from tests.accounts.factories import AccountFactory
from tests.shopify.kit import ORDERS, SHOP, TOKEN, link, order, page, run_flow, run_task

pytestmark = pytest.mark.django_db
T0 = "2025-09-14T12:00:00-04:00"


def three_pages(fake, *, second=None):
    """Orders 1-2, 3-4, 5 on three pages chained by Link headers; `second` is answered to the first
    request for page 2 (an error), the page itself after it."""
    fake.route("GET", ORDERS, body=page(order(1), order(2)), headers={"Link": link(fake, "P2")})
    middle = dict(body=page(order(3), order(4)),
                  headers={"Link": f'{link(fake, "P1", "previous")}, {link(fake, "P3")}'})
    fake.route("GET", ORDERS, query={"page_info": "P2"}, **(second or middle)).then(**middle)
    fake.route("GET", ORDERS, query={"page_info": "P3"}, body=page(order(5)),
               headers={"Link": link(fake, "P2", "previous")})


def stored_ids() -> list[int]:
    return sorted(int(i) - 5_900_000_000_000 for i in Order.objects.values_list("platform_order_id", flat=True))


def test_every_page_is_followed_through_the_link_headers_to_the_last(shop_upstream, shop_credential):
    three_pages(shop_upstream)
    before = timezone.now()
    task = run_flow({"store": SHOP})
    assert task.status == Status.COMPLETE, task.error
    data = task.data
    assert (data["pages"], data["fetched"], data["created"], data["stop_reason"]) == (3, 5, 5, "end")
    assert stored_ids() == [1, 2, 3, 4, 5] and OrderLineItem.objects.count() == 15
    sent = [c.query for c in shop_upstream.calls("GET", ORDERS)]
    assert sent == [{"status": "any", "limit": "250"}, {"limit": "250", "page_info": "P2"},
                    {"limit": "250", "page_info": "P3"}]
    store = ShopifyStore.objects.get(shop=SHOP)
    assert store.resume is None and before <= store.watermark <= timezone.now()
    assert (store.last_status, store.credential_id, store.last_result["created"]) == ("COMPLETE", shop_credential.id, 5)
    assert task.data["events"] == 5
    events = OutboxEvent.objects.filter(routing_key="order_log_events").order_by("id")
    assert [e.payload["platform_order_id"] for e in events] == [str(5900000000000 + n) for n in range(1, 6)]
    assert {(e.exchange, e.account_id) for e in events} == {("beat.dx", store.account_id)}


def test_one_page_without_a_link_header_is_the_whole_store(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page(order(1, landing_site="/?utm_source=ig&utm_campaign=fall",
                                                        vendor="Trail Co", fulfillment="success")))
    task = run_flow({"store": SHOP, "limit": 50})
    assert (task.status, task.data["pages"], task.data["created"]) == (Status.COMPLETE, 1, 1)
    stored = Order.objects.get()
    assert (stored.store, stored.store_name, stored.status, stored.platform) == (SHOP, "Trail Co", "success", "SHOPIFY")
    assert stored.utm_params == {"source": "ig", "campaign": "fall"}
    assert stored.order_data["id"] == order(1)["id"] and shop_upstream.calls()[0].query["limit"] == "50"


def test_an_empty_store_is_a_complete_sync_of_no_orders(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, fixture="shopify/orders_empty.json")
    task = run_flow({"store": SHOP})
    assert task.status == Status.COMPLETE
    assert (task.data["fetched"], task.data["created"], task.data["pages"]) == (0, 0, 1)
    assert ShopifyStore.objects.get().watermark is not None and not Order.objects.exists()


def test_a_429_mid_walk_reschedules_and_the_next_run_goes_on_without_gaps_or_repeats(shop_upstream, shop_credential):
    three_pages(shop_upstream, second={"fixture": "shopify/error_429.json"})
    first = run_flow({"store": SHOP})
    assert (first.status, first.attempts, first.error["code"]) == (Status.PENDING, 0, "rate_limited")
    assert first.retry_at > timezone.now()
    store = ShopifyStore.objects.get()
    assert stored_ids() == [1, 2] and store.watermark is None
    assert store.resume["next_url"].endswith("page_info=P2")
    assert Credential.objects.get().state == State.COOLING
    Credential.objects.update(cooling_until=timezone.now())  # its Retry-After has passed
    again = run_task(first)
    assert again.status == Status.COMPLETE, again.error
    assert (again.data["resumed"], again.data["pages"], again.data["created"]) == (True, 2, 3)
    assert stored_ids() == [1, 2, 3, 4, 5] and OrderLineItem.objects.count() == 15
    sent = [c.query.get("page_info") for c in shop_upstream.calls("GET", ORDERS)]
    assert sent == [None, "P2", "P2", "P3"]  # the first page was not read twice
    assert ShopifyStore.objects.get().watermark is not None


def test_an_order_updated_after_a_sync_is_updated_not_duplicated(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page(order(1, updated_at=T0, total="10.00"), order(2, updated_at=T0)))
    run_flow({"store": SHOP})
    watermark = ShopifyStore.objects.get().watermark
    newer = order(1, updated_at="2025-09-15T08:00:00-04:00", total="12.50", items=2, fulfillment="success")
    shop_upstream.route("GET", ORDERS, body=page(newer, order(2, updated_at=T0)))
    task = run_flow({"store": SHOP})
    assert (task.data["created"], task.data["updated"], task.data["unchanged"]) == (0, 1, 1)
    assert Order.objects.count() == 2
    changed = Order.objects.get(platform_order_id=str(newer["id"]))
    assert (str(changed.total_price), changed.status, changed.line_items.count()) == ("12.5000", "success", 2)
    asked = datetime.fromisoformat(shop_upstream.calls("GET", ORDERS)[-1].query["updated_at_min"])
    assert asked == watermark - flows.OVERLAP


def test_an_older_copy_of_an_order_never_overwrites_a_newer_one(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page(order(1, updated_at="2025-09-15T08:00:00-04:00", total="12.50")))
    run_flow({"store": SHOP})
    shop_upstream.route("GET", ORDERS, body=page(order(1, updated_at=T0, total="10.00")))
    task = run_flow({"store": SHOP, "created_at_min": "2025-01-01T00:00:00Z"})
    assert (task.data["updated"], task.data["unchanged"]) == (0, 1)
    assert str(Order.objects.get().total_price) == "12.5000"


def test_the_watermark_never_passes_a_page_that_failed(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page(order(9)))
    run_flow({"store": SHOP})
    watermark = ShopifyStore.objects.get().watermark
    three_pages(shop_upstream, second={"status": 500, "body": {"errors": "Internal Server Error"}})
    failed = run_flow({"store": SHOP})
    assert (failed.status, failed.error["code"]) == (Status.PENDING, "upstream_error")  # retried later
    store = ShopifyStore.objects.get()
    assert store.watermark == watermark and store.resume["next_url"].endswith("page_info=P2")
    done = run_task(failed)
    assert done.status == Status.COMPLETE and ShopifyStore.objects.get().watermark > watermark
    assert stored_ids() == [1, 2, 3, 4, 5, 9]


def test_a_walk_at_its_page_cap_ends_partial_and_the_next_run_resumes(shop_upstream, shop_credential, monkeypatch):
    monkeypatch.setattr(flows, "MAX_PAGES", 2)
    three_pages(shop_upstream)
    task = run_flow({"store": SHOP})
    assert (task.status, task.data["stop_reason"], task.data["pages"]) == (Status.PARTIAL, "page_cap", 2)
    assert ShopifyStore.objects.get().watermark is None
    task = run_flow({"store": SHOP})
    assert (task.status, task.data["resumed"], task.data["pages"]) == (Status.COMPLETE, True, 1)
    assert stored_ids() == [1, 2, 3, 4, 5] and ShopifyStore.objects.get().watermark is not None


def test_a_stored_link_shopify_no_longer_accepts_restarts_the_walk(shop_upstream, shop_credential):
    ShopifyStore.objects.create(shop=SHOP, resume={"query": {"status": "any", "limit": 250},
                                                   "next_url": f"{shop_upstream.url}{ORDERS}?page_info=OLD",
                                                   "started_at": "2025-09-01T00:00:00+00:00"})
    shop_upstream.route("GET", ORDERS, body=page(order(1)))
    shop_upstream.route("GET", ORDERS, query={"page_info": "OLD"}, status=400,
                        fixture="shopify/error_400_page_info.json")
    task = run_flow({"store": SHOP})
    assert (task.status, task.data["resumed"], stored_ids()) == (Status.COMPLETE, False, [1])
    assert ShopifyStore.objects.get().watermark > timezone.now() - timedelta(minutes=1)


def test_filters_given_as_params_are_sent_and_leave_the_watermark_alone(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page(order(1)))
    task = run_flow({"store": SHOP, "created_at_min": "2025-09-01T00:00:00Z",
                     "created_at_max": "2025-09-30T00:00:00Z", "updated_at_min": "2025-09-02T00:00:00Z"})
    assert task.status == Status.COMPLETE
    assert shop_upstream.calls()[0].query == {
        "status": "any", "limit": "250", "created_at_min": "2025-09-01T00:00:00+00:00",
        "created_at_max": "2025-09-30T00:00:00+00:00", "updated_at_min": "2025-09-02T00:00:00+00:00"}
    assert ShopifyStore.objects.get().watermark is None


def test_a_nearly_full_bucket_slows_the_walk_down(shop_upstream, shop_credential, monkeypatch):
    paused = []
    monkeypatch.setattr(flows, "sleep", paused.append)
    shop_upstream.route("GET", ORDERS, body=page(order(1)), headers={"Link": link(shop_upstream, "P2"),
                                                                     "X-Shopify-Shop-Api-Call-Limit": "38/40"})
    shop_upstream.route("GET", ORDERS, query={"page_info": "P2"}, body=page(order(2)),
                        headers={"X-Shopify-Shop-Api-Call-Limit": "39/40"})
    assert run_flow({"store": SHOP}).status == Status.COMPLETE
    assert paused == [3.5]  # before page 2; none after the last page


@pytest.mark.parametrize("fixture, status, said", [("shopify/error_401.json", 401, "Invalid API key"),
                                                   ("shopify/error_403_scope.json", 403, "read_orders scope")])
def test_a_refused_token_is_put_aside_for_a_person_and_the_task_fails(shop_upstream, shop_credential, fixture,
                                                                      status, said):
    shop_upstream.route("GET", ORDERS, status=status, fixture=fixture)
    task = run_flow({"store": SHOP})
    assert task.status == Status.FAILED and task.attempts == 1
    assert Credential.objects.get().state == State.NEEDS_ATTENTION
    assert said in Credential.objects.get().state_reason
    assert not Order.objects.exists()


def test_a_client_never_syncs_another_accounts_store(shop_upstream, shop_credential):
    owner, other = AccountFactory(slug="owner"), AccountFactory(slug="other")
    ShopifyStore.objects.create(shop=SHOP, account=owner)
    task = run_flow({"store": SHOP}, account=other)
    assert (task.status, task.error["code"]) == (Status.FAILED, "invalid_params")
    assert shop_upstream.calls() == []
    shop_upstream.route("GET", ORDERS, body=page(order(1)))
    assert run_flow({"store": SHOP}, account=owner).status == Status.COMPLETE


def test_a_store_synced_first_by_a_client_is_that_clients(shop_upstream, shop_credential):
    shop_upstream.route("GET", ORDERS, body=page())
    client = AccountFactory(slug="client")
    run_flow({"store": SHOP}, account=client)
    assert ShopifyStore.objects.get().account == client


def test_a_walk_short_of_time_stops_between_pages_partial(shop_upstream, shop_credential):
    three_pages(shop_upstream)
    store = ShopifyStore.objects.create(shop=SHOP)
    ctx = FlowContext(task_id=None, flow="refresh_orders_by_store", deadline=time.monotonic() + flows.TIME_MARGIN - 1)
    progress = flows.walk_orders(ctx, store, flows.plan_sync(store))
    assert (progress.stop_reason, progress.partial, progress.pages) == ("time", True, 1)
    assert ShopifyStore.objects.get().resume["next_url"].endswith("page_info=P2")


def test_a_shop_without_its_own_token_fails_at_once_and_asks_nothing(shop_upstream, db):
    credential_upsert(source="shopify", credentials={"X-Shopify-Access-Token": "shpat_other"},
                      handle="other-shop.myshopify.com")  # another shop's token is never lent
    task = run_flow({"store": SHOP}, account=AccountFactory(slug="early"))
    assert (task.status, task.error["code"], task.attempts) == (Status.FAILED, "no_provider", 1)
    assert shop_upstream.calls() == [] and not ShopifyStore.objects.exists()  # nothing read, nothing claimed


def test_a_store_a_staff_task_reads_with_a_clients_own_token_is_that_clients(shop_upstream):
    client = AccountFactory(slug="merchant")
    credential_upsert(source="shopify", credentials={"X-Shopify-Access-Token": TOKEN}, handle=SHOP, owner=client)
    shop_upstream.route("GET", ORDERS, body=page(order(1)))
    assert run_flow({"store": SHOP}).status == Status.COMPLETE  # no account: staff or a schedule
    assert ShopifyStore.objects.get().account == client


def test_a_clients_task_never_spends_another_accounts_token_for_the_shop(shop_upstream):
    owner, other = AccountFactory(slug="merchant"), AccountFactory(slug="other")
    credential_upsert(source="shopify", credentials={"X-Shopify-Access-Token": TOKEN}, handle=SHOP, owner=owner)
    task = run_flow({"store": SHOP}, account=other)
    assert (task.status, task.error["code"]) == (Status.FAILED, "no_provider")
    assert shop_upstream.calls() == [] and not ShopifyStore.objects.exists()


def test_a_later_page_beat_cannot_read_ends_the_walk_partial_with_what_came_before_kept(shop_upstream, shop_credential):
    three_pages(shop_upstream, second={"body": {"orders": [{"name": "#no-id"}]}})
    task = run_flow({"store": SHOP})
    assert (task.status, task.data["stop_reason"], task.data["pages"]) == (Status.PARTIAL, "upstream_error", 1)
    assert "without an id" in task.data["error"]
    store = ShopifyStore.objects.get()
    assert stored_ids() == [1, 2] and store.watermark is None and store.resume["next_url"].endswith("page_info=P2")

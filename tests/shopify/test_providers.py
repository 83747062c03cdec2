"""The Shopify provider against the fake upstream: orders pages, Link headers, the call-limit header,
errors, and the shop domain checked before anything is sent."""
from datetime import datetime, timezone

import pytest

from beat.errors import AuthFailed, BadResponse, InvalidParams, RateLimited, UpstreamRejected
from shopify.providers import ShopifyProvider, bucket_pause, next_link, orders_query, shop_domain
from tests.shopify.kit import ORDERS, SHOP, TOKEN, link, order, page

pytestmark = pytest.mark.django_db


def provider():
    return ShopifyProvider({"X-Shopify-Access-Token": TOKEN, "Host": "evil.example"}, credential_id=None)


def test_the_first_page_asks_for_every_status_with_the_filters_and_the_token_only(shop_upstream):
    shop_upstream.route("GET", ORDERS, body=page(order(1)), headers={"Link": link(shop_upstream, "P2")})
    query = orders_query(limit=50, updated_at_min=datetime(2025, 9, 1, tzinfo=timezone.utc))
    got = provider().orders(SHOP, query=query)
    assert [o.platform_order_id for o in got.orders] == [str(order(1)["id"])]
    assert got.next_url == f"{shop_upstream.url}{ORDERS}?limit=250&page_info=P2"
    sent = shop_upstream.calls("GET", ORDERS)[0]
    assert sent.query == {"status": "any", "limit": "50", "updated_at_min": "2025-09-01T00:00:00+00:00"}
    assert sent.headers["x-shopify-access-token"] == TOKEN
    assert sent.headers.get("host", "").startswith("127.0.0.1")  # the stored JSON's other keys are not headers


def test_a_next_page_is_the_link_as_given_with_no_filter_added(shop_upstream):
    shop_upstream.route("GET", ORDERS, query={"page_info": "P2"}, body=page(order(2)))
    got = provider().orders(SHOP, next_url=f"{shop_upstream.url}{ORDERS}?limit=250&page_info=P2")
    assert got.next_url is None
    assert shop_upstream.calls("GET", ORDERS)[0].query == {"limit": "250", "page_info": "P2"}


def test_a_next_link_to_another_host_is_refused(shop_upstream):
    with pytest.raises(BadResponse, match="another host"):
        provider().orders(SHOP, next_url="https://elsewhere.example/admin/api/2024-01/orders.json?page_info=x")
    assert shop_upstream.calls() == []


def test_link_headers_name_the_next_page_only_when_there_is_one():
    both = ('<https://a.myshopify.com/o.json?page_info=p1>; rel="previous", '
            '<https://a.myshopify.com/o.json?page_info=n>; rel="next"')
    assert next_link(both) == "https://a.myshopify.com/o.json?page_info=n"
    assert next_link('<https://a.myshopify.com/o.json?page_info=p>; rel="previous"') is None
    assert next_link(None) is None


@pytest.mark.parametrize("used, pause", [("1/40", 0.0), ("31/40", 0.0), ("32/40", 0.5), ("40/40", 4.5),
                                         ("garbage", 0.0), (None, 0.0)])
def test_the_call_limit_header_asks_for_a_pause_before_the_bucket_is_full(used, pause):
    assert bucket_pause({"X-Shopify-Shop-Api-Call-Limit": used} if used else {}) == pause


def test_a_full_bucket_on_a_page_is_said_on_the_page(shop_upstream):
    shop_upstream.route("GET", ORDERS, body=page(), headers={"X-Shopify-Shop-Api-Call-Limit": "38/40"})
    assert provider().orders(SHOP, query=orders_query()).pause == 3.5


@pytest.mark.parametrize("fixture, status, error", [
    ("shopify/error_429.json", None, RateLimited), ("shopify/error_401.json", None, AuthFailed),
    ("shopify/error_403_scope.json", 403, AuthFailed), ("shopify/error_400_page_info.json", 400, UpstreamRejected)])
def test_upstream_errors_come_out_of_the_error_family(shop_upstream, fixture, status, error):
    shop_upstream.route("GET", ORDERS, fixture=fixture, **({"status": status} if status else {}))
    with pytest.raises(error) as caught:
        provider().orders(SHOP, query=orders_query())
    if error is RateLimited:
        assert caught.value.retry_after == 2.0
    assert TOKEN not in caught.value.message


@pytest.mark.parametrize("handle", ["127.0.0.1:18097/internal/admin?x=", "127.0.0.1:18097", "evil.com",
                                    "acme.myshopify.com.evil.com", "acme.myshopify.com/x", "", None,
                                    "shop.example.myshopify.com", "-acme.myshopify.com"])
def test_anything_but_a_myshopify_domain_is_refused_before_a_request(shop_upstream, handle):
    with pytest.raises(InvalidParams, match="myshopify.com"):
        provider().orders(handle, query=orders_query())
    with pytest.raises(InvalidParams):
        provider().shop(handle)
    assert shop_upstream.calls() == []


def test_a_shop_domain_is_lower_cased_and_trimmed():
    assert shop_domain("  Acme-Outdoor.MyShopify.com ") == "acme-outdoor.myshopify.com"


def test_the_recorded_first_page_reads_with_its_link_and_call_limit(shop_upstream):
    shop_upstream.route("GET", ORDERS, fixture="shopify/orders_page1.json")
    got = provider().orders(SHOP, query=orders_query(limit=2))
    assert [o.name for o in got.orders] == ["#1042", "#1041"] and got.pause == 0.0
    recorded = "https://acme-outdoor.myshopify.com/admin/api/2024-01/orders.json?limit=2&page_info="
    assert got.next_url.startswith(recorded)


def test_an_order_beat_cannot_read_is_a_bad_response_naming_it(shop_upstream):
    broken = order(1)
    broken["line_items"][0]["quantity"] = "many"
    shop_upstream.route("GET", ORDERS, body=page(broken))
    with pytest.raises(BadResponse, match="shopify: unreadable order"):
        provider().orders(SHOP, query=orders_query())

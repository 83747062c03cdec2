import logging

import pytest

from accounts.throttling import is_valid_rate
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db

URL = "/list_scrape_data/acme"


@pytest.fixture
def limited(account):
    # an hour's window: the fixed window cannot roll over between these few requests
    account.request_rate = "3/h"
    account.save()
    return account


def test_a_key_over_its_rate_gets_429_with_retry_after(limited, client_of):
    client = client_of(limited)
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(URL)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    body = response.json()["error"]
    assert body["code"] == "throttled"
    assert body["details"] == {"retry_after": int(response["Retry-After"])}


def test_each_key_has_its_own_budget(limited, client_of):
    first, second = client_of(limited), client_of(limited)
    for _ in range(3):
        first.get(URL)
    assert first.get(URL).status_code == 429
    assert second.get(URL).status_code == 200


def test_without_an_account_rate_the_setting_applies(account, client_of, settings):
    settings.BEAT_API_KEY_RATE = "2/h"
    client = client_of(account)
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]


def test_an_invalid_account_rate_falls_back_to_the_setting(account, client_of, settings):
    settings.BEAT_API_KEY_RATE = "1/h"
    account.request_rate = "lots"
    account.save()
    client = client_of(account)
    assert [client.get(URL).status_code for _ in range(2)] == [200, 429]


def test_staff_sessions_are_not_limited(account, staff, settings):
    settings.BEAT_API_KEY_RATE = "1/h"
    assert {staff.get(URL).status_code for _ in range(3)} == {200}


def test_when_the_limiter_is_unreachable_clients_are_refused_and_it_is_logged(limited, client_of, settings, caplog):
    client = client_of(limited)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # the limiter's store: nothing listens there
    with caplog.at_level(logging.ERROR, logger="accounts.throttling"):
        response = client.get(URL)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "limiter unavailable" in caplog.text


def test_the_window_slides_so_no_edge_lets_twice_the_rate_through(account, client_of):
    """A fixed window allows 2 x rate across its edge; the sliding window never more than the rate."""
    import time

    account.request_rate = "3/2s"
    account.save()
    client = client_of(account)
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    time.sleep(1.2)  # across any fixed window's edge, still inside the sliding one
    assert client.get(URL).status_code == 429
    time.sleep(1.0)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("rate,valid", [
    ("600/m", True), ("20000/d", True), ("10/5s", True), ("1/h", True),
    ("0/m", False), ("600", False), ("600/w", False), ("lots", False), ("", False),
])
def test_rates_use_django_ratelimit_syntax(rate, valid):
    assert is_valid_rate(rate) is valid


def test_another_account_has_its_own_rate(limited, client_of):
    other = AccountFactory(slug="other", request_rate="1/h")
    client = client_of(other)
    assert [client.get("/list_scrape_data/other").status_code for _ in range(2)] == [200, 429]

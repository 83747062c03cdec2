"""The fake upstream itself: a real server on 127.0.0.1 that every provider test relies on."""
import json
import time

import pytest
import requests

from tests.fakeupstream import FIXTURES, FakeUpstream


def test_it_serves_a_fixture_with_its_sidecar_status_and_headers(fake_upstream):
    fake_upstream.route("GET", "/v21.0/17841405822304914", fixture="instagram_graph/business_discovery.json")
    answer = requests.get(fake_upstream.url + "/v21.0/17841405822304914", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["facebook-api-version"] == "v21.0"
    assert answer.json() == json.loads((FIXTURES / "instagram_graph/business_discovery.json").read_text())


def test_an_error_fixture_takes_the_status_of_its_sidecar(fake_upstream):
    fake_upstream.route("GET", "/x", fixture="rapidapi/error_429_monthly_quota.json")
    answer = requests.get(fake_upstream.url + "/x", timeout=5)
    assert answer.status_code == 429
    assert answer.headers["x-ratelimit-requests-reset"] == "864000"


def test_explicit_status_headers_and_body_are_served(fake_upstream):
    fake_upstream.route("POST", "/y", status=429, headers={"Retry-After": "7"}, body={"message": "slow"})
    answer = requests.post(fake_upstream.url + "/y", json={}, timeout=5)
    assert (answer.status_code, answer.headers["Retry-After"], answer.json()) == (429, "7", {"message": "slow"})


def test_raw_bytes_are_served_as_they_are(fake_upstream):
    fake_upstream.route("GET", "/raw", raw=b"<html>not json</html>", headers={"Content-Type": "text/html"})
    answer = requests.get(fake_upstream.url + "/raw", timeout=5)
    assert answer.content == b"<html>not json</html>"
    assert answer.headers["Content-Type"] == "text/html"


def test_a_route_answers_in_order_then_repeats_its_last_answer(fake_upstream):
    fake_upstream.route("GET", "/seq", status=429, body={}).then(body={"ok": 1}).then(body={"ok": 2})
    statuses = [requests.get(fake_upstream.url + "/seq", timeout=5) for _ in range(4)]
    assert [a.status_code for a in statuses] == [429, 200, 200, 200]
    assert [a.json() for a in statuses[1:]] == [{"ok": 1}, {"ok": 2}, {"ok": 2}]


def test_routes_match_on_a_subset_of_query_params(fake_upstream):
    fake_upstream.route("GET", "/info", query={"username": "nasa"}, body={"who": "nasa"})
    fake_upstream.route("GET", "/info", query={"username": "esa"}, body={"who": "esa"})
    got = requests.get(fake_upstream.url + "/info", params={"username": "esa", "extra": "1"}, timeout=5)
    assert got.json() == {"who": "esa"}
    assert requests.get(fake_upstream.url + "/info", params={"username": "jaxa"}, timeout=5).status_code == 404


def test_a_later_route_for_the_same_request_wins(fake_upstream):
    fake_upstream.route("GET", "/p", body={"v": 1})
    fake_upstream.route("GET", "/p", body={"v": 2})
    assert requests.get(fake_upstream.url + "/p", timeout=5).json() == {"v": 2}


def test_an_unmatched_request_gets_a_404_json_answer_and_is_recorded(fake_upstream):
    answer = requests.get(fake_upstream.url + "/nowhere", timeout=5)
    assert answer.status_code == 404
    assert answer.json()["error"] == "no fake route"
    assert [r.path for r in fake_upstream.requests] == ["/nowhere"]


def test_it_records_method_path_query_headers_and_json_body(fake_upstream):
    fake_upstream.route("POST", "/instagram/user/get_info", body={})
    requests.post(fake_upstream.url + "/instagram/user/get_info?a=1&b=2&b=3", json={"username": "nasa"},
                  headers={"Authorization": "Token t"}, timeout=5)
    [received] = fake_upstream.calls("POST", "/instagram/user/get_info")
    assert received.query == {"a": "1", "b": ["2", "3"]}
    assert received.headers["authorization"] == "Token t"
    assert received.json == {"username": "nasa"}


def test_a_delayed_route_answers_late(fake_upstream):
    fake_upstream.route("GET", "/slow", body={}, delay=0.3)
    started = time.monotonic()
    requests.get(fake_upstream.url + "/slow", timeout=5)
    assert time.monotonic() - started >= 0.3


def test_it_points_base_url_settings_at_itself(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    assert settings.BEAT_GRAPHAPI_BASE_URL == fake_upstream.url + "/v21.0"
    assert fake_upstream.settings_for("A", "B") == {"A": fake_upstream.url, "B": fake_upstream.url}


def test_it_works_as_a_context_manager_and_stops_listening_after():
    with FakeUpstream() as fake:
        fake.route("GET", "/", body={"up": True})
        url = fake.url
        assert requests.get(url + "/", timeout=5).json() == {"up": True}
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/", timeout=2)

"""Bad input at the edges of the task API: each a clear 4xx in the one error shape, nothing half-done,
and every later request still answered (PostgreSQL here; tests/ops/test_sqlite_edges.py does SQLite)."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status

pytestmark = pytest.mark.django_db

URL = "/scrape_request_log/flow/beat_echo"


@pytest.fixture
def api(account, client_of):
    return client_of(account)


def error_of(response, status: int, code: str) -> dict:
    """The one error shape, with this status and code; its inner object."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def still_serving(api):
    """Later requests work: a submit, the task's read and the account's list."""
    created = api.post(URL, {"params": {"payload": "ok"}}, format="json")
    assert created.status_code == 201
    assert api.get(f"/scrape_request_log/flow/{created.json()['id']}").status_code == 200
    listed = api.get("/list_scrape_data/acme")
    assert listed.status_code == 200 and listed.json()["count"] >= 1


def nested(depth: int, leaf="x"):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def raw_json_post(api, url, text: str):
    return api.post(url, text, content_type="application/json")


@pytest.mark.parametrize("depth", [40, 500, 5000])
def test_params_nested_too_deep_are_400_and_nothing_is_stored(api, depth):
    body = '{"params": {"payload": ' + '{"a": ' * depth + '1' + '}' * depth + '}}'
    error = error_of(raw_json_post(api, URL, body), 400, "parse_error")
    assert "nested deeper than 32 levels" in error["message"]
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


@pytest.mark.parametrize("depth", [500, 5000])
def test_a_body_nested_too_deep_on_the_update_route_is_400_and_the_task_is_unchanged(api, depth):
    task = api.post(URL, {"params": {}}, format="json").json()
    body = '{"priority": ' + '[' * depth + ']' * depth + '}'
    error_of(raw_json_post(api, f"/scrape_request_log/flow/update/{task['id']}", body), 400, "parse_error")
    assert ScrapeRequestLog.objects.get(pk=task["id"]).priority == 1
    still_serving(api)


@pytest.mark.parametrize("params, where", [
    ('{"payload": "\\ud800"}', "params.payload"),
    ('{"payload": {"\\udfff": 1}}', "params.payload.\\\\udfff"),
    ('{"payload": "a\\u0000b"}', "params.payload"),
    ('{"payload": {"a\\u0000b": 1}}', "params.payload.a\\\\u0000b"),
    ('{"payload": ["ok", "\\ud83d"]}', "params.payload[1]"),
])
def test_nul_and_lone_surrogates_in_params_are_400_naming_where_and_nothing_is_stored(api, params, where):
    error = error_of(raw_json_post(api, URL, '{"params": ' + params + '}'), 400, "parse_error")
    assert json.loads(f'"{where}"') in error["message"]
    assert "cannot be stored" in error["message"]
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


def test_a_valid_surrogate_pair_is_an_ordinary_character_and_is_stored(api):
    response = raw_json_post(api, URL, '{"params": {"payload": "\\ud83d\\ude00"}}')
    assert response.status_code == 201 and response.json()["params"]["payload"] == "\U0001F600"


@pytest.mark.parametrize("field", ["idempotency_key", "flow"])
def test_a_lone_surrogate_in_any_other_field_is_400_too(api, field):
    error_of(raw_json_post(api, URL, '{"params": {}, "%s": "k\\ud800"}' % field), 400, "parse_error")
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


def test_a_body_over_the_limit_is_413_saying_the_limit(api, settings):
    settings.BEAT_MAX_BODY_BYTES = 1024 * 1024
    body = json.dumps({"params": {"payload": "x" * (2_600_000)}})
    error = error_of(raw_json_post(api, URL, body), 413, "too_large")
    assert "the limit is 1.0 MiB (1048576 bytes)" in error["message"]
    assert error["details"] == {"limit_bytes": 1048576}
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


def test_params_over_their_size_cap_are_400_naming_the_cap(staff, settings):
    settings.BEAT_MAX_PARAMS_BYTES = 1000
    error = error_of(staff.post(URL, {"params": {"payload": "x" * 1200}}, format="json"), 400, "invalid_params")
    assert "the limit is 1000 bytes" in error["message"] and list(error["details"]) == ["params"]
    assert not ScrapeRequestLog.objects.exists()
    assert staff.post(URL, {"params": {"payload": "x" * 500}}, format="json").status_code == 201


@pytest.mark.parametrize("kind", ["form", "multipart"])
def test_a_form_or_multipart_body_is_415_not_a_task_with_empty_params(api, kind):
    if kind == "form":
        response = api.post(URL, "params=%7B%7D&priority=3", content_type="application/x-www-form-urlencoded")
    else:
        response = api.post(URL, {"params": "{}", "priority": "3"}, format="multipart")
    error_of(response, 415, "unsupported_media_type")
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


@pytest.mark.parametrize("path", ["/scrape_request_log/flow/abc", "/scrape_request_log/flow/-1",
                                  "/scrape_request_log/flow/beat_echo"])
def test_a_get_of_a_path_that_cannot_be_a_task_is_404(api, path):
    error_of(api.get(path), 404, "not_found")
    still_serving(api)


def test_a_task_submitted_already_expired_is_expired_at_once_and_never_queued(api):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = api.post(URL, {"params": {}, "expires_at": past}, format="json")
    assert response.status_code == 201
    task = response.json()
    assert (task["status"], task["error"]["code"]) == ("EXPIRED", "expired") and task["scraped_at"]
    assert ScrapeRequestLog.objects.get(pk=task["id"]).status == Status.EXPIRED


def test_a_pending_task_whose_expiry_passes_reads_expired_in_its_get_and_in_the_list(api):
    soon = (timezone.now() + timedelta(hours=1)).isoformat()
    task = api.post(URL, {"params": {}, "expires_at": soon}, format="json").json()
    other = api.post(URL, {"params": {}, "expires_at": soon}, format="json").json()
    assert task["status"] == "PENDING"
    ScrapeRequestLog.objects.filter(pk__in=[task["id"], other["id"]]).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get(f"/scrape_request_log/flow/{task['id']}").json()["status"] == "EXPIRED"
    listed = {t["id"]: t["status"] for t in api.get("/list_scrape_data/acme").json()["scrape_list"]}
    assert listed[other["id"]] == "EXPIRED"


def test_moving_a_pending_tasks_expiry_into_the_past_expires_it(api):
    task = api.post(URL, {"params": {}}, format="json").json()
    past = (timezone.now() - timedelta(seconds=5)).isoformat()
    response = api.post(f"/scrape_request_log/flow/update/{task['id']}", {"expires_at": past}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "EXPIRED"


@pytest.mark.parametrize("priority", [11, -1, 2**31, 999999999999])
def test_a_clients_priority_outside_0_to_10_is_400_not_a_database_error(api, priority):
    error = error_of(api.post(URL, {"params": {}, "priority": priority}, format="json"), 400, "invalid")
    assert list(error["details"]) == ["priority"]
    assert not ScrapeRequestLog.objects.exists()
    task = api.post(URL, {"params": {}, "priority": 10}, format="json").json()
    update = api.post(f"/scrape_request_log/flow/update/{task['id']}", {"priority": priority}, format="json")
    error_of(update, 400, "invalid")
    assert ScrapeRequestLog.objects.get(pk=task["id"]).priority == 10
    still_serving(api)


def test_staff_may_submit_a_higher_priority_but_not_beyond_the_range(staff):
    assert staff.post(URL, {"params": {}, "priority": 500}, format="json").json()["priority"] == 500
    error_of(staff.post(URL, {"params": {}, "priority": 2**31}, format="json"), 400, "invalid")


@pytest.mark.parametrize("params, field", [({"sleep_ms": 5001}, "sleep_ms"),
                                           ({"payload": "x" * 5000}, "payload")])
def test_beat_echo_is_capped_for_an_api_key(api, params, field):
    error = error_of(api.post(URL, {"params": params}, format="json"), 400, "invalid_params")
    assert list(error["details"]) == [field]
    assert api.post(URL, {"params": {"sleep_ms": 5000, "payload": "x" * 3000}}, format="json").status_code == 201


def test_staff_may_ask_beat_echo_for_a_longer_sleep(staff):
    assert staff.post(URL, {"params": {"sleep_ms": 20_000}}, format="json").status_code == 201


def test_a_list_page_is_at_most_100_tasks(api):
    error = error_of(api.get("/list_scrape_data/acme?size=101"), 400, "invalid")
    assert list(error["details"]) == ["size"]
    assert api.get("/list_scrape_data/acme?size=100").status_code == 200


def test_a_flow_registered_but_not_built_is_501_and_nothing_is_queued(api, not_built_flow):
    response = api.post(f"/scrape_request_log/flow/{not_built_flow.name}", {"params": {"store": "x"}}, format="json")
    error = error_of(response, 501, "not_implemented")
    assert not_built_flow.name in error["message"]
    assert not ScrapeRequestLog.objects.exists()
    still_serving(api)


def test_the_schema_shows_the_flows_not_built_yet(client, not_built_flow):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    submit = schema["paths"]["/scrape_request_log/flow/{flow}"]["post"]
    assert not_built_flow.name in submit["x-not-implemented"]
    (flow,) = [p for p in submit["parameters"] if p["name"] == "flow"]
    assert "beat_echo" in flow["schema"]["enum"] and not_built_flow.name not in flow["schema"]["enum"]
    assert not_built_flow.name in flow["description"]
    assert "501" in submit["responses"]


@pytest.mark.parametrize("path", ["/list_scrape_data/a%00b", "/list_scrape_data/%ED%A0%80",
                                  "/scrape_request_log/flow/a%00b"])
def test_a_nul_or_a_bad_byte_in_a_path_is_404(api, path):
    error_of(api.get(path), 404, "not_found")
    still_serving(api)


def test_requeueing_an_expired_task_with_a_new_expiry_runs_again_and_without_one_stays_expired(api):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    task = api.post(URL, {"params": {}, "expires_at": past}, format="json").json()
    update = f"/scrape_request_log/flow/update/{task['id']}"
    ScrapeRequestLog.objects.filter(pk=task["id"]).update(status=Status.CANCELLED)  # requeueable, still past
    assert api.post(update, {"status": "PENDING"}, format="json").json()["status"] == "EXPIRED"
    ScrapeRequestLog.objects.filter(pk=task["id"]).update(status=Status.CANCELLED)
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    response = api.post(update, {"status": "PENDING", "expires_at": later, "priority": 3}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["priority"]) == ("PENDING", 3)

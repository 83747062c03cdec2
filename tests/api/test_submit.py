import pytest

from beat.models import ScrapeRequestLog
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db

URL = "/scrape_request_log/flow/beat_echo"
TASK_KEYS = {"id", "scrape_id", "flow", "platform", "params", "status", "priority", "attempts", "max_attempts",
             "account", "data", "error", "idempotency_key", "created_at", "picked_at", "scraped_at",
             "expires_at", "retry_at"}


@pytest.fixture
def api(account, client_of):
    return client_of(account)


def test_a_flow_is_submitted_and_answered_201_with_the_task(api):
    response = api.post(URL, {"params": {"payload": {"a": 1}}, "priority": 5,
                              "expires_at": "2031-01-01T00:00:00Z"}, format="json")
    assert response.status_code == 201
    task = response.json()
    assert set(task) == TASK_KEYS
    assert task["scrape_id"] == task["id"]
    assert (task["flow"], task["platform"], task["status"], task["priority"], task["account"]) == \
           ("beat_echo", "BEAT", "PENDING", 5, "acme")
    assert task["params"]["payload"] == {"a": 1}
    assert task["expires_at"] == "2031-01-01T00:00:00Z"
    row = ScrapeRequestLog.objects.get(pk=task["id"])
    assert (row.account.slug, row.priority, row.status) == ("acme", 5, "PENDING")


def test_priority_defaults_to_1_and_params_may_be_empty(api):
    task = api.post(URL, {"params": {}}, format="json").json()
    assert task["priority"] == 1 and task["params"]["sleep_ms"] == 0


def test_a_repeated_idempotency_key_answers_200_with_the_same_task(api):
    first = api.post(URL, {"params": {}, "idempotency_key": "job-1"}, format="json")
    again = api.post(URL, {"params": {"sleep_ms": 5}, "idempotency_key": "job-1"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert ScrapeRequestLog.objects.count() == 1


def test_the_same_idempotency_key_of_another_account_gets_its_own_task_and_learns_nothing(api, client_of):
    mine = api.post(URL, {"params": {"payload": {"secret": 1}}, "idempotency_key": "job-1"}, format="json")
    other = client_of(AccountFactory(slug="other"))
    theirs = other.post(URL, {"params": {}, "idempotency_key": "job-1"}, format="json")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert theirs.json()["id"] != mine.json()["id"]
    assert (theirs.json()["account"], theirs.json()["params"]["payload"]) == ("other", None)
    again = other.post(URL, {"params": {}, "idempotency_key": "job-1"}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, theirs.json()["id"])
    assert ScrapeRequestLog.objects.filter(idempotency_key="job-1").count() == 2


def test_bad_params_are_400_with_the_field_errors(api):
    response = api.post(URL, {"params": {"sleep_ms": -1, "fail": "sometimes"}}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_params"
    assert set(error["details"]) == {"sleep_ms", "fail"}
    assert not ScrapeRequestLog.objects.exists()


@pytest.mark.parametrize("body,field", [
    ({}, "params"),
    ({"params": None}, "params"),
    ({"params": [1]}, "params"),
    ({"params": {}, "priority": "high"}, "priority"),
    ({"params": {}, "expires_at": "tomorrow"}, "expires_at"),
    ({"params": {}, "idempotency_key": "k" * 201}, "idempotency_key"),
    ({"params": {}, "flow": "refresh_profile_by_handle"}, "flow"),
])
def test_a_bad_body_is_400_naming_the_field(api, body, field):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["details"]) == [field]
    assert error["message"].startswith(f"{field}: ")


def test_a_body_flow_equal_to_the_path_is_accepted(api):
    assert api.post(URL, {"flow": "beat_echo", "params": {}}, format="json").status_code == 201


def test_an_unknown_flow_is_404_even_with_a_bad_body(api):
    response = api.post("/scrape_request_log/flow/no_such_flow", {}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_flow"


def test_a_key_cannot_submit_for_another_account(api):
    AccountFactory(slug="other")
    response = api.post(URL, {"params": {}, "account": "other"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["account"]
    assert not ScrapeRequestLog.objects.exists()


def test_staff_submit_for_a_named_account_or_for_none(staff, account):
    named = staff.post(URL, {"params": {}, "account": "acme"}, format="json")
    unnamed = staff.post(URL, {"params": {}}, format="json")
    unknown = staff.post(URL, {"params": {}, "account": "ghost"}, format="json")
    assert (named.status_code, named.json()["account"]) == (201, "acme")
    assert (unnamed.status_code, unnamed.json()["account"]) == (201, None)
    assert unknown.status_code == 400


def test_malformed_json_is_400_parse_error(api):
    response = api.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_submitting_without_a_key_is_401(client):
    assert client.post(URL, {"params": {}}, content_type="application/json").status_code == 401

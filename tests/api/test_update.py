import pytest

from beat.models import ScrapeRequestLog, Status
from beat.queue.services import submit
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(account):
    return submit("beat_echo", {}, account=account)[0]


@pytest.fixture
def api(account, client_of):
    return client_of(account)


def _update(client, task, body):
    return client.post(f"/scrape_request_log/flow/update/{task.pk}", body, format="json")


def _set_status(task, status):
    ScrapeRequestLog.objects.filter(pk=task.pk).update(status=status, attempts=3, error={"code": "x"})


def test_priority_and_expiry_of_a_pending_task_change(api, task):
    response = _update(api, task, {"priority": 9, "expires_at": "2031-01-01T00:00:00Z"})
    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["expires_at"]) == (9, "2031-01-01T00:00:00Z")
    task.refresh_from_db()
    assert task.priority == 9


def test_a_pending_task_is_cancelled(api, task):
    response = _update(api, task, {"status": "CANCELLED"})
    assert (response.status_code, response.json()["status"]) == (200, "CANCELLED")
    task.refresh_from_db()
    assert task.status == Status.CANCELLED and task.scraped_at is not None


def test_a_failed_task_is_requeued_with_fresh_attempts_and_a_new_priority(api, task):
    _set_status(task, Status.FAILED)
    response = _update(api, task, {"status": "PENDING", "priority": 7})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["attempts"], body["error"], body["priority"]) == ("PENDING", 0, None, 7)


@pytest.mark.parametrize("status,body", [
    (Status.PROCESSING, {"status": "CANCELLED"}),
    (Status.COMPLETE, {"status": "CANCELLED"}),
    (Status.COMPLETE, {"status": "PENDING"}),
    (Status.PENDING, {"status": "PENDING"}),
    (Status.PROCESSING, {"priority": 3}),
])
def test_a_change_the_status_does_not_allow_is_409(api, task, status, body):
    _set_status(task, status)
    response = _update(api, task, body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_state"
    task.refresh_from_db()
    assert task.status == status


def test_a_requeue_with_a_bad_field_changes_nothing(api, task):
    _set_status(task, Status.FAILED)
    response = _update(api, task, {"status": "PENDING", "expires_at": "not a date"})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == Status.FAILED


@pytest.mark.parametrize("body", [{}, {"status": "COMPLETE"}, {"status": "CANCELLED", "priority": 2},
                                  {"priority": "high"}])
def test_a_bad_update_is_400(api, task, body):
    response = _update(api, task, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    task.refresh_from_db()
    assert (task.status, task.priority) == (Status.PENDING, 1)


def test_another_accounts_task_cannot_be_updated_and_is_404(client_of, task):
    other = client_of(AccountFactory(slug="other"))
    response = _update(other, task, {"status": "CANCELLED"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == Status.PENDING


def test_an_unknown_task_is_404(api):
    assert api.post("/scrape_request_log/flow/update/999999", {"priority": 2}, format="json").status_code == 404


def test_staff_update_any_accounts_task(staff, task):
    assert _update(staff, task, {"status": "CANCELLED"}).json()["status"] == "CANCELLED"

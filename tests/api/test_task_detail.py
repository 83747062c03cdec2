import pytest

from beat.queue.services import submit
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(account):
    return submit("beat_echo", {"payload": "x"}, account=account)[0]


def test_a_key_reads_its_own_task(account, client_of, task):
    response = client_of(account).get(f"/scrape_request_log/flow/{task.pk}")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["params"]["payload"]) == (task.pk, "x")


def test_another_accounts_task_is_404_like_an_unknown_one(client_of, task):
    other = client_of(AccountFactory(slug="other"))
    foreign = other.get(f"/scrape_request_log/flow/{task.pk}")
    unknown = other.get(f"/scrape_request_log/flow/{task.pk + 1000}")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json() == {"error": {"code": "not_found", "message": "Not found.",
                                                          "details": None}}


def test_a_task_without_an_account_is_visible_to_staff_only(client_of, account, staff):
    task = submit("beat_echo", {})[0]
    assert client_of(account).get(f"/scrape_request_log/flow/{task.pk}").status_code == 404
    assert staff.get(f"/scrape_request_log/flow/{task.pk}").status_code == 200


def test_staff_see_any_accounts_task(staff, task):
    response = staff.get(f"/scrape_request_log/flow/{task.pk}")
    assert (response.status_code, response.json()["account"]) == (200, "acme")


def test_post_to_a_task_id_is_405_in_the_error_shape(account, client_of, task):
    response = client_of(account).post(f"/scrape_request_log/flow/{task.pk}", {}, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"

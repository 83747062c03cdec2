import pytest

from beat.models import ScrapeRequestLog, Status
from beat.queue.services import submit
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(account):
    made = [submit("beat_echo", {"payload": n}, account=account)[0] for n in range(5)]
    ScrapeRequestLog.objects.filter(pk__in=[made[0].pk, made[1].pk]).update(status=Status.FAILED)
    submit("beat_echo", {}, account=AccountFactory(slug="other"))
    return made


def _ids(response):
    return [task["id"] for task in response.json()["scrape_list"]]


def test_a_key_lists_its_accounts_tasks_newest_first(account, client_of, tasks):
    response = client_of(account).get("/list_scrape_data/acme")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "scrape_list"}
    assert body["count"] == 5
    assert _ids(response) == [t.pk for t in reversed(tasks)]


def test_size_pages_through_the_list(account, client_of, tasks):
    api = client_of(account)
    first = api.get("/list_scrape_data/acme", {"size": 2})
    assert (first.json()["count"], len(first.json()["scrape_list"]), first.json()["previous"]) == (5, 2, None)
    assert "page=2" in first.json()["next"] and "size=2" in first.json()["next"]
    last = api.get("/list_scrape_data/acme", {"size": 2, "page": 3})
    assert _ids(last) == [tasks[0].pk]
    assert last.json()["next"] is None


def test_status_and_flow_filter_the_list(account, client_of, tasks):
    api = client_of(account)
    assert _ids(api.get("/list_scrape_data/acme", {"status": "FAILED"})) == [tasks[1].pk, tasks[0].pk]
    assert len(_ids(api.get("/list_scrape_data/acme", {"flow": "beat_echo", "status": "PENDING"}))) == 3
    assert _ids(api.get("/list_scrape_data/acme", {"flow": "refresh_profile_by_handle"})) == []


@pytest.mark.parametrize("query,field", [({"status": "DONE"}, "status"), ({"size": 0}, "size"),
                                         ({"size": 501}, "size"), ({"page": "x"}, "page")])
def test_bad_filters_are_400(account, client_of, query, field):
    response = client_of(account).get("/list_scrape_data/acme", query)
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == [field]


def test_a_page_past_the_end_is_404(account, client_of, tasks):
    assert client_of(account).get("/list_scrape_data/acme", {"page": 9}).status_code == 404


def test_another_accounts_list_is_404_like_an_unknown_account(account, client_of, tasks):
    api = client_of(account)
    foreign, unknown = api.get("/list_scrape_data/other"), api.get("/list_scrape_data/ghost")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()


def test_staff_list_any_account(staff, tasks):
    assert staff.get("/list_scrape_data/other").json()["count"] == 1
    assert staff.get("/list_scrape_data/acme").json()["count"] == 5
    assert staff.get("/list_scrape_data/ghost").status_code == 404


def test_listing_without_a_key_is_401(client, tasks):
    assert client.get("/list_scrape_data/acme").status_code == 401

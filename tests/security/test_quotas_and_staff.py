"""Issue 10: an account's quotas (tasks pending at once, upstream calls per day) and staff power that
needs model permissions, replayed over HTTP on PostgreSQL and Redis with the fake upstream."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Account
from beat.models import RuntimeFlag, ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.models import Credential
from credentials.services import credential_upsert
from tests.accounts.factories import key_client, new_key, staff_client, staff_user

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "rapid-secret-KEY-0123456789"


def run_inline(task):
    claimed = claim.claim_next(queue=task.queue, worker="tests")
    assert claimed is not None and claimed.pk == task.pk
    runner.run(claimed)
    task.refresh_from_db()
    return task


@pytest.fixture
def acme():
    cache.clear()
    return Account.objects.create(slug="acme")


# --- quotas ---

def test_over_its_pending_quota_an_account_gets_429_with_retry_after_and_no_task(acme):
    acme.max_pending_tasks = 2
    acme.save()
    api = key_client(new_key(acme)[1])
    for _ in range(2):
        assert api.post("/scrape_request_log/flow/beat_echo", {"params": {}}, format="json").status_code == 201
    answer = api.post("/scrape_request_log/flow/beat_echo", {"params": {}}, format="json")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) >= 1
    assert answer.json()["error"]["code"] == "quota_exceeded"
    assert answer.json()["error"]["details"]["quota"] == "max_pending_tasks"
    assert ScrapeRequestLog.objects.count() == 2
    # a finished task makes room again
    ScrapeRequestLog.objects.filter(pk=ScrapeRequestLog.objects.first().pk).update(status=Status.COMPLETE)
    assert api.post("/scrape_request_log/flow/beat_echo", {"params": {}}, format="json").status_code == 201


def test_another_accounts_tasks_never_count_against_a_quota(acme):
    other = Account.objects.create(slug="other")
    acme.max_pending_tasks = 1
    acme.save()
    for _ in range(3):
        submit("beat_echo", {}, account=other)
    api = key_client(new_key(acme)[1])
    assert api.post("/scrape_request_log/flow/beat_echo", {"params": {}}, format="json").status_code == 201


def test_over_its_daily_upstream_calls_an_account_is_refused_and_its_queued_tasks_call_nothing(
        acme, fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile": ["rapidapi-jotucker"]}
    credential_upsert(source="rapidapi-jotucker", credentials={"X-RapidAPI-Key": KEY})
    fake_upstream.route("GET", "/user_info_by_id", fixture="rapidapi/instagram_scraper_api2_v1_info.json")
    acme.daily_upstream_calls = 1
    acme.save()
    queued = submit("refresh_profile_basic", {"handle": "nasa"}, account=acme)[0]
    second = submit("refresh_profile_basic", {"handle": "nasa"}, account=acme)[0]
    run_inline(queued)
    assert len(fake_upstream.calls()) == 1
    assert UpstreamCall.objects.filter(account_id=acme.pk).count() == 1

    second = run_inline(second)  # the day's budget is spent: it waits, nothing is sent
    assert (second.status, second.error["code"]) == (Status.PENDING, "rate_limited")
    assert len(fake_upstream.calls()) == 1

    answer = key_client(new_key(acme)[1]).post("/scrape_request_log/flow/refresh_profile_basic",
                                               {"params": {"handle": "nasa"}}, format="json")
    assert answer.status_code == 429
    assert answer.json()["error"]["details"]["quota"] == "daily_upstream_calls"
    assert 86000 < int(answer["Retry-After"]) <= 86400
    assert ScrapeRequestLog.objects.count() == 2


def test_the_admin_shows_each_accounts_quotas_and_use(acme, admin_client):
    acme.max_pending_tasks = 7
    acme.save()
    submit("beat_echo", {}, account=acme)
    page = admin_client.get("/admin/accounts/account/").content.decode()
    assert "1 / 7" in page
    page = admin_client.get(f"/admin/accounts/account/{acme.pk}/change/").content.decode()
    assert "max_pending_tasks" in page and "daily_upstream_calls" in page


# --- staff power needs model permissions ---

@pytest.fixture
def bare_staff(django_user_model):
    """is_staff and nothing else: may log in to the admin, where every page refuses them."""
    return staff_client(django_user_model, username="intern", perms=())


def test_is_staff_alone_reads_no_task_and_cannot_drain_beat(bare_staff, acme):
    task = submit("beat_echo", {}, account=acme)[0]
    assert bare_staff.get(f"/scrape_request_log/flow/{task.pk}").status_code == 403
    assert bare_staff.get(f"/list_scrape_data/{acme.slug}").status_code == 403
    answer = bare_staff.put("/heartbeat?beat=false")
    assert answer.status_code == 403
    assert RuntimeFlag.is_on("serving") is True
    assert bare_staff.post(f"/scrape_request_log/flow/update/{task.pk}", {"status": "CANCELLED"},
                           format="json").status_code == 403
    task.refresh_from_db()
    assert task.status == Status.PENDING


def test_is_staff_alone_cannot_store_or_validate_tokens(bare_staff, fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    row, _ = credential_upsert(source="graphapi", handle="nasa",
                               credentials={"token": "EAAG-pooled-token-0123456789", "user_id": "1784"})
    assert bare_staff.get("/token/validate", {"id": row.id}).status_code == 403
    body = {"source": "graphapi", "credentials": {"token": "EAAG-other-0123456789", "user_id": "1785"}}
    assert bare_staff.post("/tokens", body, format="json").status_code == 403
    assert bare_staff.post("/scrape_request_log/flow/credentials_validate", {"params": {"credential_id": row.id}},
                           format="json").status_code == 403
    assert Credential.objects.count() == 1 and fake_upstream.calls() == []
    assert not ScrapeRequestLog.objects.exists()


def test_staff_who_may_only_view_tasks_read_but_cannot_change_or_drain(django_user_model, acme):
    viewer = staff_client(django_user_model, username="viewer", perms=("beat.view_scraperequestlog",))
    task = submit("beat_echo", {}, account=acme)[0]
    assert viewer.get(f"/scrape_request_log/flow/{task.pk}").status_code == 200
    assert viewer.put("/heartbeat?beat=false").status_code == 403
    assert viewer.post("/scrape_request_log/flow/beat_echo", {"params": {}}, format="json").status_code == 403
    assert viewer.post(f"/scrape_request_log/flow/update/{task.pk}", {"status": "CANCELLED"},
                       format="json").status_code == 403
    assert RuntimeFlag.is_on("serving") and ScrapeRequestLog.objects.count() == 1


def test_a_superuser_keeps_every_staff_power(django_user_model, acme):
    api = APIClient()
    api.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    task = submit("beat_echo", {}, account=acme)[0]
    assert api.get(f"/scrape_request_log/flow/{task.pk}").status_code == 200
    assert api.put("/heartbeat?beat=true").status_code == 200


def test_the_flow_registry_page_needs_the_view_permission(django_user_model):
    from django.test import Client

    browser = Client()
    browser.force_login(staff_user(django_user_model, "intern", perms=()))
    assert browser.get("/admin/beat/scraperequestlog/flows/").status_code == 403
    assert "Flow registry" not in browser.get("/admin/").content.decode()
    browser.force_login(staff_user(django_user_model, "viewer", perms=("beat.view_scraperequestlog",)))
    assert browser.get("/admin/beat/scraperequestlog/flows/").status_code == 200

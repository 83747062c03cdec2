from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:beat_scraperequestlog_changelist")


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def act(client, action, *tasks):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [t.pk for t in tasks]}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_changelist_shows_tasks_with_their_status_attempts_and_account(admin_client, make_task, account):
    task = make_task(status=Status.FAILED, attempts=3, max_attempts=3, account=account)
    page = admin_client.get(CHANGELIST).content.decode()
    assert f">{task.pk}<" in page
    assert "FAILED" in page and "3/3" in page and "acme" in page


def test_the_changelist_query_count_does_not_grow_with_the_number_of_tasks(admin_client, make_task, account):
    make_task(account=account)
    few = changelist_queries(admin_client)
    for n in range(49):
        make_task(account=account, status=Status.COMPLETE if n % 2 else Status.PENDING)
    assert changelist_queries(admin_client) == few
    assert few <= 10


@pytest.mark.parametrize("query, expected", [
    ("status__exact=FAILED", {"failed"}),
    ("flow=refresh_profile_by_handle", {"other-flow"}),
    ("platform__exact=INSTAGRAM", {"other-flow"}),
])
def test_the_changelist_filters_by_status_flow_and_platform(admin_client, make_task, query, expected):
    make_task(status=Status.FAILED, idempotency_key="failed")
    make_task(status=Status.PENDING, idempotency_key="pending")
    make_task(flow="refresh_profile_by_handle", platform="INSTAGRAM", idempotency_key="other-flow")
    shown = admin_client.get(f"{CHANGELIST}?{query}").context["cl"].result_list
    assert {task.idempotency_key for task in shown} == expected


def test_the_changelist_filters_by_account(admin_client, make_task, account):
    mine = make_task(account=account)
    make_task()
    shown = admin_client.get(f"{CHANGELIST}?account__id__exact={account.pk}").context["cl"].result_list
    assert [task.pk for task in shown] == [mine.pk]


@pytest.mark.parametrize("term", ["{id}", "#{id}", "key-123", "refresh_profile_by_handle"])
def test_search_finds_a_task_by_id_idempotency_key_or_flow(admin_client, make_task, term):
    wanted = make_task(flow="refresh_profile_by_handle", platform="INSTAGRAM", idempotency_key="key-123")
    make_task(idempotency_key="another")
    shown = admin_client.get(CHANGELIST, {"q": term.format(id=wanted.pk)}).context["cl"].result_list
    assert [task.pk for task in shown] == [wanted.pk]


def test_the_detail_page_shows_params_result_and_error_as_json_and_is_read_only(admin_client, make_task):
    task = make_task(status=Status.FAILED, params={"handle": "nasa"}, data={"rows": 2},
                     error={"code": "auth_failed", "message": "token expired"}, attempts=2)
    response = admin_client.get(reverse("admin:beat_scraperequestlog_change", args=[task.pk]))
    page = response.content.decode()
    assert "&quot;handle&quot;: &quot;nasa&quot;" in page
    assert "&quot;rows&quot;: 2" in page and "token expired" in page
    assert 'name="_save"' not in page
    assert 'name="params"' not in page and 'name="status"' not in page


def test_tasks_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:beat_scraperequestlog_add")).status_code == 403


def test_requeue_makes_ended_tasks_pending_and_reports_the_refused(admin_client, make_task):
    failed = make_task(status=Status.FAILED, attempts=3, error={"code": "x", "message": "boom"})
    timed_out = make_task(status=Status.TIMEOUT, attempts=1)
    complete = make_task(status=Status.COMPLETE)
    response = act(admin_client, "requeue_tasks", failed, timed_out, complete)
    failed.refresh_from_db()
    timed_out.refresh_from_db()
    complete.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (Status.PENDING, 0, None)
    assert timed_out.status == Status.PENDING and complete.status == Status.COMPLETE
    assert "Requeued 2 tasks." in messages_of(response)
    assert any(m.startswith("Refused 1:") and f"#{complete.pk} is COMPLETE" in m for m in messages_of(response))


def test_cancel_cancels_pending_tasks_and_refuses_running_ones(admin_client, make_task):
    pending = make_task(status=Status.PENDING)
    running = make_task(status=Status.PROCESSING)
    response = act(admin_client, "cancel_tasks", pending, running)
    assert ScrapeRequestLog.objects.get(pk=pending.pk).status == Status.CANCELLED
    assert ScrapeRequestLog.objects.get(pk=running.pk).status == Status.PROCESSING
    assert "Cancelled 1 task." in messages_of(response)
    assert any(f"#{running.pk} is PROCESSING" in m for m in messages_of(response))


def test_run_now_clears_a_backoff_and_requeues_an_ended_task(admin_client, make_task):
    from django.utils import timezone

    waiting = make_task(status=Status.PENDING, retry_at=timezone.now() + timezone.timedelta(hours=1))
    failed = make_task(status=Status.FAILED)
    running = make_task(status=Status.PROCESSING)
    response = act(admin_client, "run_tasks_now", waiting, failed, running)
    assert ScrapeRequestLog.objects.get(pk=waiting.pk).retry_at is None
    assert ScrapeRequestLog.objects.get(pk=failed.pk).status == Status.PENDING
    assert ScrapeRequestLog.objects.get(pk=running.pk).status == Status.PROCESSING
    assert "Woke 2 tasks." in messages_of(response)
    assert any(f"#{running.pk} is PROCESSING" in m for m in messages_of(response))


def test_a_user_who_is_not_staff_cannot_see_tasks(client, django_user_model, make_task):
    make_task()
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 12))
    assert client.get(CHANGELIST).status_code == 302


def test_the_changelist_filters_by_created_date(admin_client, make_task):
    from django.utils import timezone

    old = make_task(idempotency_key="old")
    ScrapeRequestLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
    make_task(idempotency_key="today")
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)  # as the admin's "Today" link
    query = {"created_at__gte": str(today), "created_at__lt": str(today + timezone.timedelta(days=1))}
    shown = admin_client.get(CHANGELIST, query).context["cl"].result_list
    assert [task.idempotency_key for task in shown] == ["today"]


def test_a_pending_task_past_its_expiry_reads_expired_in_the_admin(admin_client, make_task):
    past = timezone.now() - timedelta(minutes=1)
    listed, opened = make_task(expires_at=past), make_task(expires_at=past)
    admin_client.get(f"/admin/beat/scraperequestlog/{opened.pk}/change/")
    opened.refresh_from_db()
    assert opened.status == Status.EXPIRED and opened.error["code"] == "expired"
    assert admin_client.get(CHANGELIST).status_code == 200
    listed.refresh_from_db()
    assert listed.status == Status.EXPIRED

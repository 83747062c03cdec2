import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beat.flows import all_flows
from beat.models import Status, UpstreamCall

pytestmark = pytest.mark.django_db
REGISTRY = reverse("admin:beat_flow_registry")


def row_of(page: str, flow: str) -> str:
    return re.search(rf'<tr class="row\d" id="flow-{flow}">(.*?)</tr>', page, re.S).group(1)


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_the_registry_page_lists_every_registered_flow(admin_client):
    page = admin_client.get(REGISTRY).content.decode()
    for entry in all_flows():
        assert f'id="flow-{entry.name}"' in page


def test_the_registry_page_shows_each_flows_settings(admin_client):
    echo = next(entry for entry in all_flows() if entry.name == "beat_echo")
    row = cells(row_of(admin_client.get(REGISTRY).content.decode(), "beat_echo"))
    assert row[:6] == [echo.platform, echo.queue, str(echo.timeout), str(echo.concurrency),
                       str(echo.max_attempts), "yes"]


def test_the_registry_page_marks_flows_not_built_yet(admin_client):
    placeholders = [entry for entry in all_flows() if not entry.implemented]
    if not placeholders:
        pytest.skip("every registered flow is implemented")
    page = admin_client.get(REGISTRY).content.decode()
    assert cells(row_of(page, placeholders[0].name))[5] == "not yet"


def test_the_registry_page_counts_pending_processing_and_failed_tasks_per_flow(admin_client, make_task):
    for status, n in ((Status.PENDING, 3), (Status.PROCESSING, 2), (Status.FAILED, 1), (Status.COMPLETE, 4)):
        for _ in range(n):
            make_task(status=status)
    row = cells(row_of(admin_client.get(REGISTRY).content.decode(), "beat_echo"))
    assert row[7:] == ["3", "2", "1"]


def test_the_registry_page_says_who_may_submit_each_flow(admin_client):
    page = admin_client.get(REGISTRY).content.decode()
    assert cells(row_of(page, "beat_echo"))[6] == "anyone"
    assert cells(row_of(page, "credentials_validate"))[6] == "staff, system, token_manager"


def test_the_registry_counts_take_one_query_whatever_the_number_of_flows(admin_client, make_task):
    make_task()
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(REGISTRY)
    task_queries = [q["sql"] for q in queries if "scrape_request_log" in q["sql"]]
    assert len(task_queries) == 1 and "GROUP BY" in task_queries[0]


def test_the_admin_index_links_to_the_registry(admin_client):
    assert REGISTRY in admin_client.get(reverse("admin:index")).content.decode()


def test_the_registry_page_is_for_staff_only(client, django_user_model):
    assert client.get(REGISTRY).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 12))
    assert client.get(REGISTRY).status_code == 302


def test_the_registry_page_counts_each_sources_calls_and_errors_of_the_last_day(admin_client):
    def called(source, ok=True, latency_ms=100, **fields):
        UpstreamCall.objects.create(source=source, endpoint="/e", method="GET", ok=ok, latency_ms=latency_ms,
                                    **fields)

    called("graphapi", latency_ms=100)
    called("graphapi", ok=False, error_code="rate_limited", latency_ms=300)
    called("lama")
    called("lama", ok=False, created_at=timezone.now() - timedelta(days=2))  # outside the window
    page = admin_client.get(REGISTRY).content.decode()
    rows = {source: cells(re.search(rf'id="source-{source}">(.*?)</tr>', page, re.S).group(1))
            for source in ("graphapi", "lama")}
    assert rows == {"graphapi": ["2", "1", "200"], "lama": ["1", "0", "100"]}

"""The admin dashboard: queue, throughput, slowest flows, failures, credential health, upstream calls
and rate-limit budgets, drawn from real rows, in a number of queries that does not grow with them."""
import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beat import ratelimit
from beat.flows import all_flows
from beat.models import Status
from beat.models_upstream import UpstreamCall
from credentials.models import Credential, State

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("admin:dashboard")


def panel(page: str, name: str) -> str:
    start = page.index(f'id="panel-{name}"')
    return page[start:page.index("</section>", start)]


def cells(html: str, row_id: str) -> list[str]:
    """The text of each cell of the row with this id, tags stripped."""
    row = re.search(rf'<tr[^>]* id="{row_id}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def earlier_since(start, at_most):
    """A moment before now but after `start`: `at_most` ago, or halfway since `start` if that is nearer."""
    now = timezone.now()
    return now - min(at_most, (now - start) / 2)


def call(source="rocketapi", *, ok=True, status=200, ago=None, latency=120):
    """An upstream call `ago` before now; by default earlier today (5 minutes ago, or half the day so
    far when the test runs just after midnight: a call of yesterday would not count as today's)."""
    now = timezone.now()
    if ago is None:
        ago = now - earlier_since(now.replace(hour=0, minute=0, second=0, microsecond=0), timedelta(minutes=5))
    return UpstreamCall.objects.create(source=source, endpoint="/x", method="GET", ok=ok, status_code=status,
                                       latency_ms=latency, created_at=now - ago)


def credential(source, state, n=1, **fields):
    for i in range(n):
        Credential.objects.create(source=source, idempotency_key=f"{source}-{state}-{i}-{fields}",
                                  secret_ciphertext="not read here", state=state, **fields)


@pytest.fixture
def seeded(make_task):
    now = timezone.now()
    for _ in range(3):
        make_task(status=Status.PENDING)
    make_task(status=Status.PENDING, retry_at=now + timedelta(minutes=5))  # waiting, not ready
    make_task(flow="credentials_validate", status=Status.PROCESSING, picked_at=now)
    # both finished in this clock hour (the chart's bar), even when the test runs just after the hour
    this_hour = earlier_since(now.replace(minute=0, second=0, microsecond=0), timedelta(minutes=1))
    make_task(status=Status.COMPLETE, picked_at=this_hour - timedelta(seconds=2), scraped_at=this_hour)
    make_task(flow="credentials_validate", status=Status.COMPLETE, picked_at=this_hour - timedelta(minutes=1),
              scraped_at=this_hour)
    failed = make_task(status=Status.FAILED, picked_at=now - timedelta(hours=2), scraped_at=now - timedelta(hours=2),
                       error={"code": "upstream_error", "message": "rocketapi answered 500"})
    for _ in range(9):
        call("rocketapi")
    call("rocketapi", ok=False, status=429)
    call("lama", ok=False, status=500)
    call("lama", ago=timedelta(days=3))  # too old to count
    credential("rocketapi", State.ACTIVE, 2)
    credential("rocketapi", State.COOLING, cooling_until=now + timedelta(minutes=30))
    credential("rocketapi", State.COOLING, cooling_until=now - timedelta(minutes=1))  # rested: active again
    credential("lama", State.NEEDS_ATTENTION)
    credential("lama", State.DISABLED)
    return failed


def test_the_dashboard_shows_waiting_ready_and_running_tasks_per_flow(admin_client, seeded):
    queue = panel(admin_client.get(DASHBOARD).content.decode(), "queue")
    assert "4 waiting, 1 running." in queue
    echo_cap = next(entry.concurrency for entry in all_flows() if entry.name == "beat_echo")
    assert cells(queue, "queue-beat_echo") == ["beat_echo", "4", "3", "0", str(echo_cap)]
    assert cells(queue, "queue-credentials_validate")[1:4] == ["0", "0", "1"]


def test_the_dashboard_charts_tasks_finished_and_failed_per_hour(admin_client, seeded):
    throughput = panel(admin_client.get(DASHBOARD).content.decode(), "throughput")
    assert "2 complete or partial" in throughput and "1 failed or timed out" in throughput
    assert throughput.count("<rect") == 2  # the last hour's stack (green) and the failure two hours ago (red)
    assert "<svg" in throughput and "http" not in throughput.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", "")


def test_the_dashboard_ranks_the_slowest_flows(admin_client, seeded):
    slowest = panel(admin_client.get(DASHBOARD).content.decode(), "slowest")
    assert slowest.index("credentials_validate") < slowest.index("beat_echo")
    assert '<td class="n">60.0</td>' in slowest


def test_the_dashboard_links_the_latest_failures(admin_client, seeded):
    failures = panel(admin_client.get(DASHBOARD).content.decode(), "failures")
    assert reverse("admin:beat_scraperequestlog_change", args=[seeded.pk]) in failures
    assert "rocketapi answered 500" in failures


def test_the_dashboard_counts_credentials_per_source_and_state(admin_client, seeded):
    health = panel(admin_client.get(DASHBOARD).content.decode(), "credentials")
    assert cells(health, "credentials-rocketapi") == ["rocketapi", "3", "1", "0", "0"]
    assert cells(health, "credentials-lama") == ["lama (none usable)", "0", "0", "1", "1"]


def test_the_dashboard_shows_upstream_calls_and_error_rates_per_provider(admin_client, seeded):
    upstream = panel(admin_client.get(DASHBOARD).content.decode(), "upstream")
    assert cells(upstream, "upstream-rocketapi") == ["rocketapi", "10", "1", "10.0 %", "1", "120"]
    assert cells(upstream, "upstream-lama") == ["lama", "1", "1", "100.0 %", "0", "120"]


def granted(limits) -> None:
    """One grant of the stack, waiting out the limiter's spacing between grants (its safety margin)."""
    for _ in range(20):
        decision = ratelimit.acquire(limits)
        if decision.allowed:
            return
        assert decision.retry_after < 1, decision
        time.sleep(decision.retry_after)
    raise AssertionError(f"no grant of {limits}")


def test_the_dashboard_shows_todays_budget_and_the_live_window_of_each_limit(admin_client, seeded, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"rocketapi": [(100, 30)]}
    if settings.REDIS_URL:  # this test's Redis db: grants of earlier tests must not count
        ratelimit.get_limiter().client.flushdb()
    for _ in range(3):
        granted(ratelimit.source_limits("rocketapi"))
    budgets = panel(admin_client.get(DASHBOARD).content.decode(), "budgets")
    # 100 per 30 s is 288,000 a day; today's 10 calls are 0.0 % of it; 3 grants sit in the window now
    assert cells(budgets, "budget-source-rocketapi-30") == \
        ["rocketapi", "100 / 30 s", "10", "288,000", "0.0 %", "3 of 100"]


def test_the_dashboard_shows_per_credential_limits_of_the_credentials_used_today(admin_client, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {}
    settings.BEAT_CREDENTIAL_RATE_LIMITS = {"lama": [(1000, 86400)]}
    if settings.REDIS_URL:
        ratelimit.get_limiter().client.flushdb()
    for _ in range(4):
        UpstreamCall.objects.create(source="lama", credential_id=7, endpoint="/x", method="GET", ok=True,
                                    status_code=200, latency_ms=5)
    granted(ratelimit.source_limits("lama", credential_id=7))
    budgets = panel(admin_client.get(DASHBOARD).content.decode(), "budgets")
    assert cells(budgets, "budget-cred-7-86400") == \
        ["lama credential #7", "1000 / 86400 s", "4", "1,000", "0.4 %", "1 of 1000"]


def test_the_dashboard_costs_the_same_queries_with_ten_times_the_data(admin_client, make_task):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(DASHBOARD).status_code == 200
        return len(captured)

    now = timezone.now()
    make_task(status=Status.FAILED, picked_at=now, scraped_at=now)
    call("rocketapi")
    credential("rocketapi", State.ACTIVE)
    few = queries()
    for flow in ("credentials_validate", "beat_echo"):
        for status in (Status.PENDING, Status.PROCESSING, Status.FAILED, Status.COMPLETE):
            for _ in range(5):
                make_task(flow=flow, status=status, picked_at=now, scraped_at=now)
    for source in ("lama", "graphapi", "rocketapi"):
        for _ in range(5):
            call(source, ok=False, status=500)
        credential(source, State.NEEDS_ATTENTION, 3)
    assert queries() == few


def test_the_admin_index_links_to_the_dashboard(admin_client):
    assert DASHBOARD in admin_client.get(reverse("admin:index")).content.decode()


def test_the_dashboard_is_for_staff_who_may_view_tasks(client, django_user_model):
    assert client.get(DASHBOARD).status_code == 302
    staff = django_user_model.objects.create_user("ops", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert client.get(DASHBOARD).status_code == 403

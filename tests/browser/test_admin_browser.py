"""The admin in a real headless Chromium (Debian's chromium + chromium-driver, selenium): log in, read
the dashboard of a seeded run, open a profile with its charts, requeue a failed task. Screenshots go
to tests/artifacts/browser/ (git-ignored) for a person to look at."""
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from credentials.models import Credential, State
from instagram import services
from instagram.models import InstagramAccount, PostLog, ProfileLog
from tests.instagram.factories import PostRecordFactory, ProfileRecordFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
PASSWORD = "a-long-browser-test-password"
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
    if CHROMEDRIVER is None:
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1400,1600", "--lang=en-US"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture
def seeded(django_user_model):
    """What a day of work leaves: tasks of every outcome, upstream calls, credentials, a profile."""
    django_user_model.objects.create_superuser("ops", "ops@example.test", PASSWORD)
    now = timezone.now()
    for hours in range(0, 20, 2):
        for n in range(hours % 5 + 1):
            ScrapeRequestLog.objects.create(flow="refresh_profile_by_handle", platform="INSTAGRAM", status=Status.COMPLETE,
                                            picked_at=now - timedelta(hours=hours, seconds=9 + n),
                                            scraped_at=now - timedelta(hours=hours))
    ScrapeRequestLog.objects.create(flow="beat_echo", platform="BEAT", status=Status.PENDING)
    failed = ScrapeRequestLog.objects.create(
        flow="beat_echo", platform="BEAT", status=Status.FAILED, attempts=3, picked_at=now - timedelta(hours=1),
        scraped_at=now - timedelta(hours=1), error={"code": "upstream_error", "message": "lama answered 502"})
    # created_at is set on insert: put each finished task's before its first pick, as a real day has it
    ScrapeRequestLog.objects.filter(picked_at__isnull=False).update(created_at=F("picked_at") - timedelta(seconds=2))
    failed.refresh_from_db()
    for source, ok in (("rapidapi-arraybobo", True), ("lama", False), ("rapidapi-jotucker", True)):
        for _ in range(6):
            UpstreamCall.objects.create(source=source, endpoint="/x", method="GET", ok=ok, status_code=200 if ok else 502,
                                        latency_ms=180)
    for source, state in (("rapidapi-arraybobo", State.ACTIVE), ("lama", State.NEEDS_ATTENTION)):
        Credential.objects.create(source=source, idempotency_key=f"seed-{source}", secret_ciphertext="-", state=state)
    for days_ago, followers, likes in ((28, 90000, 900), (21, 91500, 2100), (14, 94000, 1500), (7, 95000, 2600),
                                       (0, 97831, 2400)):
        services.profile_upsert(record=ProfileRecordFactory(profile_id="528817150", handle="nasa",
                                                            followers=followers), source="rapidapi-arraybobo")
        services.posts_upsert(records=[PostRecordFactory(shortcode=f"DAx{i}", likes=likes + 97 * i, comments=40)
                                       for i in range(3)],
                              source="rapidapi-arraybobo", refreshed_profile_id="528817150")
        then = now - timedelta(days=days_ago)  # a weekly refresh: spread the snapshots over a month
        ProfileLog.objects.filter(timestamp__gt=now).update(timestamp=then)
        PostLog.objects.filter(timestamp__gt=now).update(timestamp=then)
    return failed


def wait_for_title(browser, text: str) -> None:
    """A click returns before the next page loads: wait for it (10 s at most)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(expected_conditions.title_contains(text))


def shoot(browser, name: str) -> None:
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_an_operator_logs_in_reads_the_dashboard_opens_a_profile_and_requeues_a_failed_task(
        browser, live_server, seeded):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.NAME, "username").send_keys("ops")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for_title(browser, "Site administration")
    shoot(browser, "1-admin-index")

    browser.find_element(By.LINK_TEXT, "Dashboard").click()
    wait_for_title(browser, "Dashboard")
    assert browser.find_element(By.ID, "panel-queue").is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, "#panel-throughput svg rect")
    assert "lama answered 502" in browser.find_element(By.ID, "panel-failures").text
    assert "lama" in browser.find_element(By.ID, "panel-credentials").text
    shoot(browser, "2-dashboard")

    account = InstagramAccount.objects.get(profile_id="528817150")
    browser.get(f"{live_server.url}/admin/instagram/instagramaccount/{account.pk}/change/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg polyline")) == 2  # followers and engagement
    assert "97,831" in browser.find_element(By.TAG_NAME, "body").text
    shoot(browser, "3-profile")
    browser.find_element(By.LINK_TEXT, "Full history chart").click()
    wait_for_title(browser, "History of @nasa")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg polyline")) == 2
    shoot(browser, "4-profile-history")

    browser.get(f"{live_server.url}/admin/dashboard/")
    browser.find_element(By.CSS_SELECTOR, "#panel-failures a.failure-link").click()
    wait_for_title(browser, f"#{seeded.pk}")
    assert f"#{seeded.pk} beat_echo FAILED" in browser.find_element(By.TAG_NAME, "body").text
    shoot(browser, "5-failed-task")

    # the per-flow task list and the events by routing key: the lists whose indexes migration 0011 renamed
    browser.get(f"{live_server.url}/admin/beat/scraperequestlog/?flow=beat_echo")
    assert browser.find_element(By.CSS_SELECTOR, ".paginator").text.startswith("2 ")  # the pending and the failed beat_echo
    shoot(browser, "6-tasks-of-a-flow")
    browser.get(f"{live_server.url}/admin/beat/outboxevent/?routing_key=scrape_request_log_events")
    created = ScrapeRequestLog.objects.count()  # each task's creation is an event; requeueing adds one more below
    assert browser.find_element(By.CSS_SELECTOR, ".paginator").text.startswith(f"{created} ")
    shoot(browser, "7-task-events")

    browser.get(f"{live_server.url}/admin/beat/scraperequestlog/?status__exact=FAILED")
    browser.find_element(By.CSS_SELECTOR, f"input.action-select[value='{seeded.pk}']").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("requeue_tasks")
    browser.find_element(By.NAME, "index").click()
    wait_for_title(browser, "Select")
    assert "Requeued 1 task." in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    shoot(browser, "8-requeued")
    seeded.refresh_from_db()
    assert seeded.status == Status.PENDING and seeded.attempts == 0

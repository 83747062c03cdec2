"""The queue's guarantees that need no worker process: run inline through claim + runner."""
from datetime import timedelta

import pytest
from django.utils import timezone

from beat.errors import InvalidParams, InvalidState, NotImplementedYet, UnknownFlow
from beat.models import ScrapeRequestLog, Status
from beat.queue import claim, maintenance, runner, services
from accounts.models import Account

pytestmark = pytest.mark.django_db


def run_next(queue="default"):
    task = claim.claim_next(queue=queue, worker="test:1")
    if task is not None:
        runner.run(task)
        task.refresh_from_db()
    return task


def test_beat_echo_runs_to_complete_with_its_payload():
    task, created = services.submit("beat_echo", {"payload": {"a": 1}})
    assert created and task.status == Status.PENDING and task.platform == "BEAT"
    done = run_next()
    assert done.pk == task.pk and done.status == Status.COMPLETE
    assert done.data == {"echo": {"a": 1}, "slept_ms": 0, "attempt": 1}
    assert done.attempts == 1 and done.scraped_at and done.lease_until is None


def test_bad_params_are_refused_when_the_task_is_created():
    with pytest.raises(InvalidParams) as err:
        services.submit("beat_echo", {"sleep_ms": "soon"})
    assert "sleep_ms" in err.value.details
    assert not ScrapeRequestLog.objects.exists()


def test_an_unknown_flow_is_refused():
    with pytest.raises(UnknownFlow):
        services.submit("no_such_flow", {})


def test_an_alias_resolves_to_its_flow():
    task, _ = services.submit("fetch_tagged_posts", {"profile_id": "528817150"})
    assert task.flow == "refresh_tagged_posts_by_profile_id"


def test_a_flow_not_built_yet_is_refused_at_submit_and_an_older_task_of_it_fails_clearly(not_built_flow):
    with pytest.raises(NotImplementedYet):
        services.submit(not_built_flow.name, {"store": "shop.myshopify.com"})
    assert not ScrapeRequestLog.objects.exists()
    # a task stored before the refusal existed (or written directly) still fails with the reason
    ScrapeRequestLog.objects.create(flow=not_built_flow.name, platform="BEAT", params={"store": "x"})
    task = claim.claim_next(queue="default", worker="t")
    runner.run(task)
    task.refresh_from_db()
    assert task.status == Status.FAILED and task.error["code"] == "not_implemented"
    assert task.attempts == 1


def test_priority_then_age_decides_the_claim_order():
    low, _ = services.submit("beat_echo", {}, priority=1)
    high, _ = services.submit("beat_echo", {}, priority=5)
    low2, _ = services.submit("beat_echo", {}, priority=1)
    order = [run_next().pk for _ in range(3)]
    assert order == [high.pk, low.pk, low2.pk]
    assert run_next() is None


def test_idempotency_key_returns_the_existing_task():
    first, created = services.submit("beat_echo", {"payload": 1}, idempotency_key="k-1")
    again, created_again = services.submit("beat_echo", {"payload": 2}, idempotency_key="k-1")
    assert created and not created_again and again.pk == first.pk
    assert ScrapeRequestLog.objects.count() == 1


def test_idempotency_keys_are_per_account_so_another_accounts_key_is_its_own_task():
    a = Account.objects.create(slug="a")
    b = Account.objects.create(slug="b")
    task_a, _ = services.submit("beat_echo", {}, account=a, idempotency_key="shared")
    task_b, created = services.submit("beat_echo", {}, account=b, idempotency_key="shared")
    assert created and task_b.pk != task_a.pk and task_b.account == b


def test_transient_errors_are_retried_with_backoff_then_fail():
    task, _ = services.submit("beat_echo", {"fail": "transient"})
    first = run_next()
    assert first.status == Status.PENDING and first.attempts == 1
    assert first.retry_at > timezone.now() + timedelta(seconds=4)  # base 10 s, equal jitter: 5..10 s
    assert run_next() is None  # not before retry_at
    for expected_attempt in (2, 3):
        ScrapeRequestLog.objects.filter(pk=task.pk).update(retry_at=timezone.now())
        again = run_next()
        assert again.attempts == expected_attempt
    assert again.status == Status.FAILED and "gave up after 3 attempts" in again.error["message"]


def test_backoff_grows_exponentially():
    from beat.queue.backoff import retry_delay

    assert 5 <= retry_delay(1) <= 10 and 10 <= retry_delay(2) <= 20 and 20 <= retry_delay(3) <= 40
    assert retry_delay(30) <= 900


def test_permanent_errors_fail_at_once():
    services.submit("beat_echo", {"fail": "permanent"})
    task = run_next()
    assert task.status == Status.FAILED and task.attempts == 1 and task.retry_at is None


def test_a_rate_limited_task_is_rescheduled_without_using_an_attempt(markers):
    task, _ = services.submit("test_rate_limited", {"marker_dir": str(markers)})
    ran = run_next()
    assert ran.status == Status.PENDING and ran.attempts == 0 and ran.error["code"] == "rate_limited"
    assert ran.retry_at >= timezone.now() + timedelta(seconds=29)
    assert ran.lease_until is None and run_next() is None
    (markers / "limit-lifted").touch()
    ScrapeRequestLog.objects.filter(pk=task.pk).update(retry_at=timezone.now())
    done = run_next()
    assert done.status == Status.COMPLETE and done.attempts == 1  # max_attempts is 1: no attempt was used


def test_a_flow_past_its_timeout_ends_timeout_and_frees_the_worker(markers):
    services.submit("test_slow", {"marker_dir": str(markers), "sleep_ms": 3000})
    services.submit("beat_echo", {}, priority=0)
    slow = claim.claim_next(queue="default", worker="t")
    started = timezone.now()
    runner.run(slow)
    slow.refresh_from_db()
    assert slow.status == Status.TIMEOUT and slow.error["code"] == "timeout"
    assert (timezone.now() - started).total_seconds() < 2
    assert run_next().status == Status.COMPLETE  # the same worker goes on


def test_partial_results_end_partial():
    services.submit("test_partial", {"marker_dir": "/tmp"})
    task = run_next()
    assert task.status == Status.PARTIAL and task.data["stop_reason"] == "page cap reached"


def test_an_expired_task_is_never_started():
    task, _ = services.submit("beat_echo", {}, expires_at=timezone.now() + timedelta(seconds=60))
    ScrapeRequestLog.objects.filter(pk=task.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert run_next() is None
    assert maintenance.expire_pending() == 1
    task.refresh_from_db()
    assert task.status == Status.EXPIRED and task.picked_at is None and task.attempts == 0


def test_a_lost_claim_is_taken_back_and_run_again_until_attempts_run_out():
    task, _ = services.submit("beat_echo", {})
    for attempt in range(1, 4):
        claimed = claim.claim_next(queue="default", worker="dead:1")
        assert claimed.attempts == attempt
        ScrapeRequestLog.objects.filter(pk=task.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
        assert maintenance.recover_lost_claims() == 1
    task.refresh_from_db()
    assert task.status == Status.FAILED and task.error["code"] == "worker_lost"


def test_an_outcome_after_the_lease_was_taken_back_is_dropped():
    services.submit("beat_echo", {})
    stale = claim.claim_next(queue="default", worker="slow:1")
    ScrapeRequestLog.objects.filter(pk=stale.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    maintenance.recover_lost_claims()
    fresh = claim.claim_next(queue="default", worker="new:2")
    runner.run(stale)  # the old worker finishes late
    fresh.refresh_from_db()
    assert fresh.status == Status.PROCESSING and fresh.worker == "new:2"
    runner.run(fresh)
    fresh.refresh_from_db()
    assert fresh.status == Status.COMPLETE and fresh.attempts == 2


def test_the_concurrency_cap_is_checked_at_claim_time(markers):
    for _ in range(3):
        services.submit("test_capped", {"marker_dir": str(markers)})
    services.submit("beat_echo", {}, priority=0)
    first = claim.claim_next(queue="default", worker="w1")
    second = claim.claim_next(queue="default", worker="w2")
    third = claim.claim_next(queue="default", worker="w3")
    assert [first.flow, second.flow] == ["test_capped", "test_capped"]
    assert third.flow == "beat_echo"  # the capped flow is skipped, other work goes on
    assert claim.claim_next(queue="default", worker="w4") is None


def test_cancel_and_requeue_follow_the_status_rules():
    task, _ = services.submit("beat_echo", {})
    services.cancel(task)
    assert task.status == Status.CANCELLED
    with pytest.raises(InvalidState):
        services.cancel(task)
    services.requeue(task)
    assert task.status == Status.PENDING and task.attempts == 0
    with pytest.raises(InvalidState):
        services.requeue(task)
    run_next()
    task.refresh_from_db()
    with pytest.raises(InvalidState):
        services.update(task, priority=9)


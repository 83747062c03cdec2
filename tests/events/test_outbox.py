"""The outbox: events written with the change they report, published after commit, never a secret."""
import pytest
from django.db import transaction

from beat.events import emit, emit_many, message
from beat.events.relay import backlog, relay_once
from beat.models import OutboxEvent, ScrapeRequestLog, Status
from beat.queue import claim, runner, services

pytestmark = pytest.mark.django_db

NO_COMMIT = lambda: None  # noqa: E731 (a broker that holds each message as soon as it is published)
TASK_KEYS = {"event_id", "source", "platform", "scrape_id", "flow", "status", "previous_status", "priority",
             "attempts", "max_attempts", "account_id", "idempotency_key", "params", "error", "created_at",
             "picked_at", "scraped_at", "expires_at", "retry_at", "event_timestamp"}


def task_events(task_id=None):
    rows = OutboxEvent.objects.filter(routing_key="scrape_request_log_events").order_by("id")
    events = [message(row) for row in rows]
    return [e for e in events if task_id is None or e["scrape_id"] == task_id]


def test_every_status_change_of_a_task_writes_one_event_with_the_fastapi_keys():
    task, _ = services.submit("beat_echo", {"message": "hi"})
    claimed = claim.claim_next(queue=task.queue, worker="w1")
    assert claimed.pk == task.pk
    runner.run(claimed)

    events = task_events(task.pk)
    assert [(e["previous_status"], e["status"]) for e in events] == [
        (None, Status.PENDING), (Status.PENDING, Status.PROCESSING), (Status.PROCESSING, Status.COMPLETE)]
    assert all(set(e) == TASK_KEYS for e in events)
    assert events[0]["flow"] == "beat_echo" and events[0]["source"] == "beat"
    assert events[-1]["attempts"] == 1 and events[-1]["scraped_at"]
    assert all(OutboxEvent.objects.get(event_id=e["event_id"]).exchange == "beat.dx" for e in events)


def test_a_change_that_leaves_the_status_alone_writes_no_event():
    task, _ = services.submit("beat_echo", {"message": "hi"})
    services.update(task, priority=5)
    assert len(task_events(task.pk)) == 1


def test_bulk_expiry_writes_an_event_per_task():
    from datetime import timedelta

    from django.utils import timezone

    tasks = [services.submit("beat_echo", {"message": str(i)})[0] for i in range(3)]
    ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]).update(expires_at=timezone.now() - timedelta(1))
    assert services.expire_overdue() == 3
    assert [e["status"] for t in tasks for e in task_events(t.pk)] == [Status.PENDING, Status.EXPIRED] * 3


def test_a_rolled_back_transaction_leaves_no_event():
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.submit("beat_echo", {"message": "never"})
            emit("profile_log_events", {"profile_id": "1"})
            raise RuntimeError("roll back")
    assert OutboxEvent.objects.count() == 0


def test_emitted_payloads_lose_secrets_and_sealed_values():
    event = emit("profile_log_events", {"profile_id": "1", "access_token": "EAAB-secret-token",
                                        "dimensions": {"link": "https://x.test/a?access_token=EAAB-secret"},
                                        "params": {"token": "sealed:gAAAA-ciphertext", "handle": "nasa"}})
    text = str(message(event))
    assert "EAAB-secret" not in text and "ciphertext" not in text
    assert message(event)["params"]["handle"] == "nasa"
    assert message(event)["event_id"] == str(event.event_id)


def test_a_task_params_token_never_leaves_in_its_status_event():
    ScrapeRequestLog.objects.create(platform="BEAT", flow="upsert_credential_from_identity",
                                    params={"handle": "nasa", "token": "sealed:gAAAA-ciphertext"})
    (event,) = task_events()
    assert event["params"] == {"handle": "nasa", "token": "***"}


def test_an_unknown_exchange_is_refused():
    with pytest.raises(ValueError):
        emit("x", {}, exchange="nope.dx")


def test_the_relay_publishes_oldest_first_and_marks_each_published():
    emit_many("post_log_events", [{"shortcode": f"s{i}"} for i in range(3)])
    sent = []
    assert relay_once(lambda exchange, key, body: sent.append((exchange, key, body["shortcode"])), NO_COMMIT) == 3
    assert sent == [("beat.dx", "post_log_events", f"s{i}") for i in range(3)]
    assert backlog() == 0
    assert relay_once(lambda *a: sent.append(a), NO_COMMIT) == 0


def test_a_failed_publish_keeps_the_whole_batch_for_the_next_pass_and_notes_the_error():
    emit_many("post_log_events", [{"shortcode": f"s{i}"} for i in range(3)])
    sent = []

    def flaky(exchange, key, body):
        if body["shortcode"] == "s1" and not flaky.failed:
            flaky.failed = True
            raise ConnectionError("broker went away")
        sent.append(body["shortcode"])
    flaky.failed = False

    with pytest.raises(ConnectionError):
        relay_once(flaky, NO_COMMIT)
    assert sent == ["s0"] and backlog() == 3  # s0 may have reached the broker: it goes again (at least once)
    stuck = OutboxEvent.objects.get(payload__shortcode="s1")
    assert stuck.attempts == 1 and "broker went away" in stuck.last_error
    assert relay_once(flaky, NO_COMMIT) == 3 and sent == ["s0", "s0", "s1", "s2"] and backlog() == 0


def test_nothing_is_marked_published_until_the_broker_commits_the_batch():
    emit_many("post_log_events", [{"shortcode": f"s{i}"} for i in range(2)])

    def refused():
        raise ConnectionError("commit failed")

    with pytest.raises(ConnectionError):
        relay_once(lambda *a: None, refused)
    assert backlog() == 2
    assert relay_once(lambda *a: None, lambda: None) == 2 and backlog() == 0


def test_pruning_drops_old_events_once_delivered_and_keeps_those_the_broker_has_not_confirmed(settings):
    from datetime import timedelta

    from django.utils import timezone

    from beat.housekeeping import prune

    settings.AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/x"
    old = timezone.now() - timedelta(days=30)
    done, unconfirmed, undispatched, recent = (emit("post_log_events", {"shortcode": s}) for s in "abcd")
    OutboxEvent.objects.filter(pk=done.pk).update(created_at=old, published_at=old, dispatched_at=old)
    OutboxEvent.objects.filter(pk=unconfirmed.pk).update(created_at=old, dispatched_at=old)
    OutboxEvent.objects.filter(pk=undispatched.pk).update(created_at=old, published_at=old)
    OutboxEvent.objects.filter(pk=recent.pk).update(published_at=timezone.now(), dispatched_at=timezone.now())
    assert prune()["outbox_events"] == 1
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {unconfirmed.pk, undispatched.pk, recent.pk}
    settings.AMQP_URL = ""  # no broker: nothing to wait for but the webhooks
    assert prune()["outbox_events"] == 1
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {undispatched.pk, recent.pk}

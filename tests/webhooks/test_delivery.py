"""Webhooks: an account's events reach its endpoints signed (verifiable with the secret alone), failed
sends are retried with backoff and every attempt is logged; other accounts' events never go there."""
import hashlib
import hmac
import json
import time

import pytest
from django.utils import timezone

from accounts.models import Account
from beat.errors import UnsafeURL
from beat.events import emit
from beat.models import OutboxEvent, ScrapeRequestLog
from webhooks import delivery as webhooks
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(fake_upstream, settings):
    host, port = fake_upstream._server.server_address[:2]
    settings.BEAT_FETCH_ALLOWED_HOSTS = [f"{host}:{port}"]
    return fake_upstream


@pytest.fixture
def acme():
    return Account.objects.create(name="acme", slug="acme")


def make_due():
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())


def test_an_accounts_task_events_reach_its_endpoint_signed_with_its_secret(receiver, acme):
    receiver.route("POST", "/hook", status=200, body={"ok": True})
    endpoint, secret = endpoint_create(account=acme, url=receiver.url + "/hook",
                                       event_types=["scrape_request_log_events"])
    task = ScrapeRequestLog.objects.create(platform="BEAT", flow="beat_echo", account=acme)
    assert webhooks.tick() == {"dispatched": 1, "delivered": 1, "failed_attempts": 0}

    (call,) = receiver.calls("POST", "/hook")
    timestamp = int(call.headers["x-beat-timestamp"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + call.body, hashlib.sha256).hexdigest()
    assert call.headers["x-beat-signature"] == f"sha256={expected}"
    assert abs(time.time() - timestamp) < 60
    assert call.headers["x-beat-event"] == "scrape_request_log_events"
    assert (call.json["scrape_id"], call.json["status"]) == (task.pk, "PENDING")
    assert call.headers["x-beat-event-id"] == call.json["event_id"]
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_500_500_200_is_three_logged_attempts_and_one_delivery_with_growing_waits(receiver, acme, settings):
    settings.BEAT_WEBHOOK_RETRY_BASE = 30
    receiver.route("POST", "/hook", status=500, body={}).then(status=500, body={}).then(status=200, body={})
    endpoint_create(account=acme, url=receiver.url + "/hook")
    emit("profile_log_events", {"profile_id": "1"}, account_id=acme.pk)
    webhooks.dispatch()
    waits = []
    for _ in range(3):
        before = timezone.now()
        webhooks.deliver_due()
        delivery = WebhookDelivery.objects.get()
        if delivery.status == DeliveryStatus.PENDING:
            waits.append(round((delivery.next_attempt_at - before).total_seconds()))
            assert webhooks.deliver_due() == {"delivered": 0, "failed_attempts": 0}  # not due yet
            make_due()
    assert waits == [30, 60]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert list(WebhookAttempt.objects.values_list("status_code", "error")) == [
        (500, "HTTP 500"), (500, "HTTP 500"), (200, "")]
    assert len(receiver.calls("POST", "/hook")) == 3
    bodies = {c.body for c in receiver.calls("POST", "/hook")}
    assert len(bodies) == 1  # every attempt sends the same event


def test_a_delivery_gives_up_after_the_last_attempt(receiver, acme, settings):
    settings.BEAT_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.route("POST", "/hook", status=503, body={})
    endpoint_create(account=acme, url=receiver.url + "/hook")
    emit("profile_log_events", {"profile_id": "1"}, account_id=acme.pk)
    webhooks.tick()
    make_due()
    webhooks.tick()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    make_due()
    webhooks.tick()
    assert len(receiver.calls("POST", "/hook")) == 2


def test_another_accounts_events_and_unwanted_event_types_are_not_sent(receiver, acme):
    other = Account.objects.create(name="other", slug="other")
    endpoint_create(account=acme, url=receiver.url + "/hook", event_types=["post_log_events"])
    emit("post_log_events", {"shortcode": "mine"}, account_id=acme.pk)
    emit("post_log_events", {"shortcode": "theirs"}, account_id=other.pk)
    emit("profile_log_events", {"profile_id": "1"}, account_id=acme.pk)
    emit("post_log_events", {"shortcode": "nobodys"})
    receiver.route("POST", "/hook", status=204)
    webhooks.tick()
    assert [c.json["shortcode"] for c in receiver.calls("POST", "/hook")] == ["mine"]
    assert not OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()


def test_an_endpoint_at_an_internal_address_is_refused_when_registered(acme):
    for url in ("http://127.0.0.1:9/hook", "http://169.254.169.254/", "file:///etc/passwd", "http://10.0.0.5/x"):
        with pytest.raises(UnsafeURL):
            endpoint_create(account=acme, url=url)
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_that_later_resolves_inside_is_not_contacted_and_the_attempt_says_why(acme, settings, receiver):
    endpoint, _ = endpoint_create(account=acme, url=receiver.url + "/hook")
    settings.BEAT_FETCH_ALLOWED_HOSTS = []  # its address is loopback: only the allow list let it in
    emit("post_log_events", {"shortcode": "x"}, account_id=acme.pk)
    webhooks.tick()
    assert receiver.calls() == []
    assert WebhookAttempt.objects.get().error.startswith("unsafe_url")


def test_redeliver_sends_a_delivered_event_again_with_a_fresh_round_of_attempts(receiver, acme):
    receiver.route("POST", "/hook", status=200, body={})
    endpoint_create(account=acme, url=receiver.url + "/hook")
    emit("post_log_events", {"shortcode": "x"}, account_id=acme.pk)
    webhooks.tick()
    assert webhooks.redeliver(WebhookDelivery.objects.all()) == 1
    webhooks.tick()
    assert len(receiver.calls("POST", "/hook")) == 2
    assert WebhookAttempt.objects.count() == 2 and WebhookDelivery.objects.get().attempts == 1


def test_the_secret_is_stored_encrypted(acme, receiver):
    endpoint, secret = endpoint_create(account=acme, url=receiver.url + "/hook")
    stored = WebhookEndpoint.objects.values_list("secret_ciphertext", flat=True).get()
    assert secret not in stored and secret.startswith("whsec_")
    assert WebhookEndpoint.objects.get().secret == secret
    assert secret not in json.dumps(list(WebhookDelivery.objects.values()), default=str)

"""The webhook admin: an endpoint's secret shown once on creation, internal URLs refused, the
delivery log with its attempts, and redeliver."""
import pytest
from django.urls import reverse

from accounts.models import Account
from beat.events import emit
from webhooks import delivery as webhooks
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme():
    return Account.objects.create(name="acme", slug="acme")


def test_adding_an_endpoint_shows_its_secret_once_and_stores_it_encrypted(admin_client, acme, settings):
    settings.BEAT_FETCH_ALLOWED_HOSTS = ["127.0.0.1:8999"]
    answer = admin_client.post(reverse("admin:webhooks_webhookendpoint_add"), {
        "account": acme.pk, "url": "http://127.0.0.1:8999/hook", "event_types": '["post_log_events"]',
        "active": "on"}, follow=True)
    page = answer.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in page and endpoint.secret not in endpoint.secret_ciphertext
    again = admin_client.get(reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in again


def test_an_internal_url_is_refused_in_the_form(admin_client, acme):
    answer = admin_client.post(reverse("admin:webhooks_webhookendpoint_add"), {
        "account": acme.pk, "url": "http://169.254.169.254/latest", "event_types": "[]", "active": "on"})
    assert answer.status_code == 200 and "not public" in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_attempts_and_redeliver_sends_again(admin_client, acme, fake_upstream, settings):
    host, port = fake_upstream._server.server_address[:2]
    settings.BEAT_FETCH_ALLOWED_HOSTS = [f"{host}:{port}"]
    fake_upstream.route("POST", "/hook", status=500, body={})
    endpoint_create(account=acme, url=fake_upstream.url + "/hook")
    emit("post_log_events", {"shortcode": "x"}, account_id=acme.pk)
    webhooks.tick()
    delivery = WebhookDelivery.objects.get()
    page = admin_client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert "HTTP 500" in page and "post_log_events" in page
    fake_upstream.route("POST", "/hook", status=200, body={})
    admin_client.post(reverse("admin:webhooks_webhookdelivery_changelist"),
                      {"action": "redeliver_selected", "_selected_action": [delivery.pk]})
    webhooks.tick()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempt_log.count() == 2


def test_the_outbox_and_asset_log_pages_answer(admin_client, acme):
    emit("post_log_events", {"shortcode": "x"}, account_id=acme.pk)
    assert admin_client.get(reverse("admin:beat_outboxevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:assets_assetlog_changelist")).status_code == 200

"""An account registers, lists and removes its webhook URLs with its API key; the secret comes once."""
import pytest

from tests.accounts.factories import AccountFactory
from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_a_key_registers_a_url_and_gets_its_secret_once(account, client_of, settings):
    settings.BEAT_FETCH_ALLOWED_HOSTS = ["127.0.0.1:8999"]
    api = client_of(account)
    answer = api.post("/webhooks", {"url": "http://127.0.0.1:8999/hook", "event_types": ["post_log_events"]},
                      format="json")
    assert answer.status_code == 201, answer.content
    secret = answer.json()["secret"]
    assert secret.startswith("whsec_") and WebhookEndpoint.objects.get().secret == secret
    listed = api.get("/webhooks").json()
    assert [e["url"] for e in listed] == ["http://127.0.0.1:8999/hook"] and secret not in str(listed)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8999/hook", "http://169.254.169.254/", "http://10.0.0.1/x"])
def test_an_internal_url_is_a_400_in_the_one_error_shape(account, client_of, url):
    answer = client_of(account).post("/webhooks", {"url": url}, format="json")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "unsafe_url"
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_event_type_names_the_field(account, client_of):
    answer = client_of(account).post("/webhooks", {"url": "https://hooks.example.com/x",
                                                   "event_types": ["everything"]}, format="json")
    assert answer.status_code == 400 and "event_types" in answer.json()["error"]["details"]


def test_a_key_sees_and_deletes_only_its_own_endpoints(account, client_of, settings):
    settings.BEAT_FETCH_ALLOWED_HOSTS = ["127.0.0.1:8999"]
    other = AccountFactory(slug="other")
    theirs = client_of(other).post("/webhooks", {"url": "http://127.0.0.1:8999/theirs"}, format="json").json()
    api = client_of(account)
    assert api.get("/webhooks").json() == []
    assert api.delete(f"/webhooks/{theirs['id']}").status_code == 404
    assert WebhookEndpoint.objects.count() == 1
    assert client_of(other).delete(f"/webhooks/{theirs['id']}").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_staff_sessions_use_the_admin_instead(staff):
    assert staff.get("/webhooks").status_code == 403


def test_a_url_whose_host_does_not_resolve_is_a_400_not_a_502(account, client_of):
    answer = client_of(account).post("/webhooks", {"url": "https://no-such-host.invalid/hook"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["error"]["details"] == {"url": ["The host name does not resolve."]}

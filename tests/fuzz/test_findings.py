"""What the fuzz runs found, replayed one by one (each was a 500 before its fix)."""
import pytest

from credentials.models import Credential
from tests.accounts.factories import AccountFactory, key_client, new_key

pytestmark = pytest.mark.django_db

# the character schemathesis found (outside Latin-1: http.client cannot put it in a header), and a
# newline, which would split the header in two
UNSENDABLE = ["key-\U000dd6b0-0123", "key-0123\nX-Injected: 1", "clé-0123"]


@pytest.fixture
def manager(settings, fake_upstream):
    fake_upstream.point(settings, *settings.BEAT_BASE_URL_SETTINGS.values())
    return key_client(new_key(AccountFactory(slug="acme"), can_manage_tokens=True)[1])


def invalid(answer, field, code="invalid"):
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["code"] == code and field in error["details"]
    return error


@pytest.mark.parametrize("token", UNSENDABLE)
def test_validating_a_token_http_cannot_send_is_a_400_and_nothing_is_called(manager, fake_upstream, token):
    invalid(manager.get("/token/validate", {"access_token": token, "type": "rapidapi-jotucker"}), "access_token")
    invalid(manager.post("/token/validate", {"access_token": token, "type": "rocketapi"}, format="json"),
            "access_token")
    assert fake_upstream.calls() == []


@pytest.mark.parametrize("token", UNSENDABLE)
def test_storing_a_credential_http_cannot_send_is_a_400_and_nothing_is_stored(manager, token):
    answer = manager.post("/tokens", {"source": "rapidapi-jotucker", "credentials": {"X-RapidAPI-Key": token}},
                          format="json")
    assert "printable ASCII" in invalid(answer, "credentials", "invalid_params")["message"]
    assert not Credential.objects.exists()


def test_a_printable_token_with_spaces_is_still_accepted(manager):
    answer = manager.post("/tokens", {"source": "rocketapi", "credentials": {"Authorization": "Token abc-0123"}},
                          format="json")
    assert answer.status_code == 201, answer.content

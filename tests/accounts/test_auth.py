from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AccountAPIKey
from beat.queue.services import submit
from tests.accounts.factories import key_client, new_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(account):
    return submit("beat_echo", {}, account=account)[0]


def _get(client, task):
    return client.get(f"/scrape_request_log/flow/{task.pk}")


def test_a_valid_key_sees_its_own_task(key, task):
    response = _get(key_client(key), task)
    assert response.status_code == 200
    assert response.json()["account"] == "acme"


def test_a_call_without_a_key_is_401_naming_the_scheme(task):
    response = _get(APIClient(), task)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("header", ["Api-Key nope.nope", "Api-Key ", "Api-Key x"])
def test_an_unknown_key_is_401(task, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = _get(client, task)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_key_with_a_known_prefix_but_wrong_secret_is_401(account, task):
    _row, key = new_key(account)
    prefix = key.split(".")[0]
    response = _get(key_client(f"{prefix}.{'x' * 32}"), task)
    assert response.status_code == 401


def test_a_revoked_key_is_401(account, task):
    row, key = new_key(account)
    row.revoked = True
    row.save()
    response = _get(key_client(key), task)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid or revoked API key."


def test_an_expired_key_is_401(account, task):
    _row, key = new_key(account, expiry_date=timezone.now() - timedelta(seconds=1))
    response = _get(key_client(key), task)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "This API key has expired."


def test_a_key_of_a_disabled_account_is_403(account, key, task):
    account.is_active = False
    account.save()
    response = _get(key_client(key), task)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_another_scheme_is_not_a_key_and_is_401(task):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer abc")
    assert _get(client, task).status_code == 401


def test_a_logged_in_user_who_is_not_staff_is_refused(django_user_model, task):
    client = APIClient()
    client.force_login(django_user_model.objects.create_user(username="visitor", password="pw-for-tests-only"))
    response = _get(client, task)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_keys_are_stored_hashed(account):
    row, key = new_key(account)
    stored = AccountAPIKey.objects.get(pk=row.pk)
    assert key.split(".")[1] not in stored.hashed_key
    assert key not in stored.pk

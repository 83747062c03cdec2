"""Issue 10, Low: admin logins and invalid API keys are throttled per client address, on Redis."""
import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Account
from tests.accounts.factories import key_client, new_key

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def test_thirty_wrong_admin_passwords_then_the_right_one_is_refused(django_user_model, settings):
    settings.BEAT_ADMIN_LOGIN_RATE = "10/5m"
    django_user_model.objects.create_superuser("root", password="the-right-password-42")
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    codes = [attacker.post(LOGIN, {"username": "root", "password": f"guess-{n}"}).status_code for n in range(30)]
    assert codes[:10] == [200] * 10 and set(codes[10:]) == {429}
    answer = attacker.post(LOGIN, {"username": "root", "password": "the-right-password-42"})
    assert answer.status_code == 429 and int(answer["Retry-After"]) >= 1
    assert SESSION_KEY not in attacker.session
    # the operator at another address still logs in
    operator = Client(REMOTE_ADDR="198.51.100.2")
    assert operator.post(LOGIN, {"username": "root", "password": "the-right-password-42"}).status_code == 302


def test_an_address_guessing_api_keys_is_refused_without_a_lookup(settings):
    settings.BEAT_INVALID_KEY_RATE = "20/m"
    guesser = key_client("AbCdEfGh.not-a-real-key-0123456789")
    guesser.defaults["REMOTE_ADDR"] = "203.0.113.9"
    codes = [guesser.get("/list_scrape_data/acme").status_code for _ in range(20)]
    assert set(codes) == {401}
    assert guesser.get("/list_scrape_data/acme").status_code == 429  # the 21st failure
    with CaptureQueriesContext(connection) as queries:
        answers = [guesser.get("/list_scrape_data/acme") for _ in range(280)]
    assert {a.status_code for a in answers} == {429} and len(queries) == 0
    assert int(answers[-1]["Retry-After"]) >= 1
    # a good key from another address is not affected
    account = Account.objects.create(slug="acme")
    client = key_client(new_key(account)[1])
    client.defaults["REMOTE_ADDR"] = "198.51.100.3"
    assert client.get("/list_scrape_data/acme").status_code == 200


def test_behind_a_proxy_the_configured_header_names_the_client(settings):
    settings.BEAT_INVALID_KEY_RATE = "2/m"
    settings.BEAT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    guesser = key_client("AbCdEfGh.not-a-real-key-0123456789")
    for _ in range(2):
        guesser.get("/list_scrape_data/acme", HTTP_X_REAL_IP="203.0.113.10")
    assert guesser.get("/list_scrape_data/acme", HTTP_X_REAL_IP="203.0.113.10").status_code == 429
    assert guesser.get("/list_scrape_data/acme", HTTP_X_REAL_IP="203.0.113.11").status_code == 401

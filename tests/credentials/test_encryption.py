import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from beat.errors import Misconfigured
from credentials import crypto, manager
from credentials.models import Credential
from tests.credentials.conftest import GRAPH_TOKEN


def _raw_row(cred_id) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(c)::text FROM credential c WHERE id = %s", [cred_id])
        return cursor.fetchone()[0]


def test_the_database_never_holds_a_token_in_clear(graph_credential):
    raw = _raw_row(graph_credential.id)
    assert GRAPH_TOKEN not in raw
    assert GRAPH_TOKEN[4:-4] not in raw
    assert "17841405822304914" in raw  # the user id is not secret: kept in `public` and the key


def test_the_secret_reads_back_in_the_fastapi_beat_shape(graph_credential):
    row = Credential.objects.get(id=graph_credential.id)
    assert row.secret == {"token": GRAPH_TOKEN, "user_id": "17841405822304914"}
    assert row.masked == "EAAB…9f2c"
    assert row.public == {"user_id": "17841405822304914"}


def test_a_credential_no_configured_key_opens_is_a_loud_error(graph_credential, settings):
    settings.BEAT_CREDENTIALS_KEYS = [Fernet.generate_key().decode()]
    row = Credential.objects.get(id=graph_credential.id)
    with pytest.raises(Misconfigured, match="cannot be decrypted"):
        row.secret
    with pytest.raises(Misconfigured):
        manager.pick("graphapi")


def test_a_key_that_is_not_a_fernet_key_is_a_startup_error_that_never_shows_the_key(settings):
    settings.BEAT_CREDENTIALS_KEYS = ["not-a-real-key-but-secret"]
    with pytest.raises(ImproperlyConfigured) as error:
        crypto.encrypt({"key": "x"})
    assert "not-a-real-key-but-secret" not in str(error.value)


def test_an_old_key_still_decrypts_after_a_new_key_is_put_first(graph_credential, settings, credentials_key):
    new_key = Fernet.generate_key().decode()
    settings.BEAT_CREDENTIALS_KEYS = [new_key, credentials_key]
    assert Credential.objects.get(id=graph_credential.id).secret["token"] == GRAPH_TOKEN
    settings.BEAT_CREDENTIALS_KEYS = [new_key]
    with pytest.raises(Misconfigured):
        Credential.objects.get(id=graph_credential.id).secret


def test_without_keys_a_key_is_derived_from_the_secret_key_with_a_warning(settings):
    settings.BEAT_CREDENTIALS_KEYS = []
    settings.SECRET_KEY = "a-development-secret-key-for-this-test-only"
    crypto._derived_key.cache_clear()
    with pytest.warns(RuntimeWarning, match="BEAT_CREDENTIALS_KEYS is not set"):
        ciphertext = crypto.encrypt({"key": "sk-dev"})
    assert crypto.decrypt(ciphertext) == {"key": "sk-dev"}


@pytest.mark.parametrize("value,masked", [
    ("EAABwzLixnjYBO7abcdef9f2c", "EAAB…9f2c"),
    ("Token 0123456789abcdefXYZW", "0123…XYZW"),
    ("short-key", "…ey"),
    ("tiny", "…"),
    (None, "…"),
])
def test_a_secret_is_masked_to_its_ends(value, masked):
    assert crypto.mask(value) == masked

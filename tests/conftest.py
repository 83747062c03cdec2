import pytest

from tests.accounts.factories import AccountFactory, key_client, new_key, staff_client

pytest_plugins = ["tests.fakeupstream", "tests.instagram.upstream", "tests.s3server"]


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Passwords made and checked in tests use a cheap hasher: Django's PBKDF2 (a million rounds)
    costs a second or more per user made or login tried on the 2-core machine, hundreds of times over a
    run. Beat itself keeps Django's default hashers, and so does every server a test starts."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis db of REDIS_URL in tests)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def account(db):
    """The client account most tests act as."""
    return AccountFactory(slug="acme")


@pytest.fixture
def key(account):
    return new_key(account)[1]


@pytest.fixture
def client_of(db):
    """client_of(account) -> an APIClient sending a fresh key of that account."""
    return lambda acc, **fields: key_client(new_key(acc, **fields)[1])


@pytest.fixture
def staff(django_user_model):
    return staff_client(django_user_model)


@pytest.fixture
def not_built_flow(monkeypatch):
    """A flow registered as a placeholder (implemented=False), whatever the real registry holds today."""
    from beat.errors import NotImplementedYet
    from beat.flows import registry
    from beat.flows.params import schema
    from rest_framework import serializers

    def not_built(ctx, **params):
        raise NotImplementedYet("test_not_built is not implemented yet")

    entry = registry.Flow(name="test_not_built", func=not_built, platform="BEAT", queue="default",
                          params=schema("NotBuiltParams", store=serializers.CharField()), implemented=False)
    monkeypatch.setitem(registry._FLOWS, entry.name, entry)
    return entry

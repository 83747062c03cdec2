import pytest

from tests.accounts.factories import AccountFactory, key_client, new_key, staff_client

pytest_plugins = ["tests.fakeupstream"]


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

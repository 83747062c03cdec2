import pytest

from tests.accounts.factories import AccountFactory, key_client, new_key, staff_client


@pytest.fixture
def account(db):
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

"""Accounts, keys and API clients for the accounts and api tests."""
import factory
from rest_framework.test import APIClient

from accounts.models import Account, AccountAPIKey


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"client-{n}")
    name = factory.LazyAttribute(lambda a: a.slug.title())


def new_key(account: Account, **fields) -> tuple[AccountAPIKey, str]:
    """A stored key and the plain key a client would send."""
    fields.setdefault("name", "tests")
    return AccountAPIKey.objects.create_key(account=account, **fields)


def key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def staff_client(django_user_model, username="ops") -> APIClient:
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    client = APIClient()
    client.force_login(user)
    return client

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


# What an operator's group holds: the model permissions behind the API's staff powers.
OPERATOR_PERMISSIONS = ("beat.view_scraperequestlog", "beat.add_scraperequestlog", "beat.change_scraperequestlog",
                        "credentials.view_credential", "credentials.add_credential", "credentials.change_credential")


def staff_user(django_user_model, username="ops", perms=OPERATOR_PERMISSIONS):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def staff_client(django_user_model, username="ops", perms=OPERATOR_PERMISSIONS) -> APIClient:
    user = staff_user(django_user_model, username, perms)
    client = APIClient()
    client.force_login(user)
    return client

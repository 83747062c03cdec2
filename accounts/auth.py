"""Who is calling: a client's API key (`Authorization: Api-Key <key>`) or a staff session.

A key authenticates as a ClientPrincipal of its account; every view reads tasks through
beat.selectors.visible_tasks(), so another account's task is simply not there (404), never a 403
that would confirm it exists. Accounts sit below the core: nothing here imports beat.
"""
from dataclasses import dataclass

from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework_api_key.permissions import KeyParser

from accounts.models import Account, AccountAPIKey


@dataclass(frozen=True, eq=False)
class ClientPrincipal:
    """request.user for a call made with an API key: the key's account, never staff."""

    account: Account
    api_key: AccountAPIKey

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    @property
    def pk(self):
        return self.api_key.pk

    def get_username(self) -> str:
        return f"{self.account.slug}/{self.api_key.prefix}"

    def __str__(self):
        return self.get_username()


class ApiKeyAuthentication(BaseAuthentication):
    keyword = KeyParser.keyword
    # Always the Authorization header: settings.API_KEY_CUSTOM_HEADER would make KeyParser.get()
    # return the whole "Api-Key <key>" value as the key.
    parser = KeyParser()

    def authenticate(self, request):
        key = self.parser.get_from_authorization(request)
        if key is None:
            return None  # not ours: another scheme or none at all
        key = key.strip()
        if not key:
            raise exceptions.AuthenticationFailed("The Api-Key header has no key.")
        # The key with its account in one query (the library's get_from_key, then account, took two).
        prefix = key.partition(".")[0]
        api_key = AccountAPIKey.objects.get_usable_keys().select_related("account").filter(prefix=prefix).first()
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        if not api_key.account.is_active:
            raise exceptions.PermissionDenied("This account is disabled.")
        return ClientPrincipal(account=api_key.account, api_key=api_key), api_key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to unauthenticated calls, naming the scheme to use.
        return self.keyword


def is_client(user) -> bool:
    return isinstance(user, ClientPrincipal)


def is_staff(user) -> bool:
    return bool(getattr(user, "is_staff", False)) and not is_client(user)


class IsClientOrStaff(BasePermission):
    """An API key of an active account, or a staff session; a plain logged-in user is refused."""

    message = "An API key or a staff session is needed."

    def has_permission(self, request, view):
        return is_client(request.user) or is_staff(request.user)


class IsStaff(BasePermission):
    message = "Only staff may do this."

    def has_permission(self, request, view):
        return is_staff(request.user)


def visible_accounts(user) -> QuerySet:
    """The accounts this caller may name (in URLs and bodies)."""
    if is_staff(user):
        return Account.objects.all()
    if is_client(user):
        return Account.objects.filter(pk=user.account.pk)
    return Account.objects.none()

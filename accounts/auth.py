"""Who is calling: a client's API key (`Authorization: Api-Key <key>`) or a staff session.

A key authenticates as a ClientPrincipal of its account; every view reads tasks through
beat.selectors.visible_tasks(), so another account's task is simply not there (404), never a 403
that would confirm it exists. Accounts sit below the core's tasks and flows: nothing here imports
them (what a caller is to the core, its tasks and its submitter roles, is beat.selectors').

Staff power in the API needs what the admin needs: the matching model permission (a superuser has
them all). `is_staff` alone only lets a person log in to the admin; it opens nothing here.
"""
from dataclasses import dataclass

from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework_api_key.permissions import KeyParser

from accounts.models import Account, AccountAPIKey
from accounts.throttling import count_invalid_key, refuse_if_blocked

# the model permissions behind each staff power of the API
VIEW_TASKS = "beat.view_scraperequestlog"  # read any task, use the read routes
ADD_TASKS = "beat.add_scraperequestlog"  # submit tasks (for any account)
CHANGE_TASKS = "beat.change_scraperequestlog"  # change, cancel, requeue any task; drain Beat (PUT /heartbeat)
MANAGE_CREDENTIALS = "credentials.change_credential"  # store and validate any credential


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
        refuse_if_blocked(request)  # an address that guessed too many keys gets no more lookups
        prefix = key.partition(".")[0]
        api_key = AccountAPIKey.objects.get_usable_keys().select_related("account").filter(prefix=prefix).first()
        if api_key is None or not api_key.is_valid(key):
            count_invalid_key(request)
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


def staff_may(user, perm: str) -> bool:
    """A logged-in staff user holding this model permission (a superuser holds every one)."""
    if is_client(user) or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_active and user.is_staff and user.has_perm(perm))


def is_staff(user) -> bool:
    """Staff with API access: at least the permission to read tasks."""
    return staff_may(user, VIEW_TASKS)


class IsClientOrStaff(BasePermission):
    """An API key of an active account, or a staff session; a plain logged-in user is refused."""

    message = "An API key or a staff session is needed."

    def has_permission(self, request, view):
        return is_client(request.user) or is_staff(request.user)


def StaffWith(perm: str) -> type[BasePermission]:  # noqa: N802 - a permission class factory
    """A DRF permission: staff holding `perm`."""

    class Permission(BasePermission):
        message = f"Only staff with the {perm} permission may do this."

        def has_permission(self, request, view):
            return staff_may(request.user, perm)

    Permission.__name__ = f"StaffWith_{perm.replace('.', '_')}"
    return Permission


IsStaff = StaffWith(CHANGE_TASKS)


def visible_accounts(user) -> QuerySet:
    """The accounts this caller may name (in URLs and bodies)."""
    if is_staff(user):
        return Account.objects.all()
    if is_client(user):
        return Account.objects.filter(pk=user.account.pk)
    return Account.objects.none()

from django.db.models import QuerySet
from rest_framework.permissions import BasePermission

from accounts.auth import MANAGE_CREDENTIALS, is_client, staff_may
from credentials.models import Credential


def manages_all_credentials(user) -> bool:
    """Staff with the credential permission: every credential, pooled or a client's."""
    return staff_may(user, MANAGE_CREDENTIALS)


def may_manage_tokens(user) -> bool:
    return manages_all_credentials(user) or (is_client(user) and bool(user.api_key.can_manage_tokens))


def owner_of_writes(user):
    """The account a caller's credential writes belong to: a key's own; None for staff (any credential)."""
    return user.account if is_client(user) else None


def visible_credentials(user) -> QuerySet:
    """Staff see every credential; a key allowed to manage tokens only its own account's (pooled ones
    stay staff-managed); anyone else none."""
    if manages_all_credentials(user):
        return Credential.objects.all()
    if is_client(user) and user.api_key.can_manage_tokens:
        return Credential.objects.filter(account=user.account)
    return Credential.objects.none()


class CanManageTokens(BasePermission):
    """Staff with credentials.change_credential, or an API key whose account may manage credentials
    (AccountAPIKey.can_manage_tokens)."""

    message = "This needs staff, or an API key allowed to manage tokens."

    def has_permission(self, request, view):
        return may_manage_tokens(request.user)

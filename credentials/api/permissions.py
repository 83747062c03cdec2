from rest_framework.permissions import BasePermission

from accounts.auth import is_client, is_staff


class CanManageTokens(BasePermission):
    """Staff, or an API key whose account may manage credentials (AccountAPIKey.can_manage_tokens)."""

    message = "This needs staff, or an API key allowed to manage tokens."

    def has_permission(self, request, view):
        user = request.user
        return is_staff(user) or (is_client(user) and bool(user.api_key.can_manage_tokens))

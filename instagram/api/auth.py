"""API-key authentication in one query instead of two.

accounts.auth.ApiKeyAuthentication reads the key, then its account on first use (two SELECTs). The
profile routes are the hot path (a fresh profile answer is one more SELECT), so here the key is read
with its account in one statement; the checks and answers are the same.
TODO(accounts): this belongs in accounts.auth.ApiKeyAuthentication (select_related("account")).
"""
from rest_framework import exceptions

from accounts.auth import ApiKeyAuthentication, ClientPrincipal
from accounts.models import AccountAPIKey


class ApiKeyOneQueryAuthentication(ApiKeyAuthentication):
    def authenticate(self, request):
        key = self.parser.get_from_authorization(request)
        if key is None:
            return None
        key = key.strip()
        if not key:
            raise exceptions.AuthenticationFailed("The Api-Key header has no key.")
        prefix = key.partition(".")[0]
        api_key = AccountAPIKey.objects.get_usable_keys().select_related("account").filter(prefix=prefix).first()
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        if not api_key.account.is_active:
            raise exceptions.PermissionDenied("This account is disabled.")
        return ClientPrincipal(account=api_key.account, api_key=api_key), api_key



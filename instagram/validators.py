"""How Beat checks an Instagram credential: one cheap real call through the source's provider class,
so base URL, headers and error mapping are the provider's own (credentials.validation runs these).

Graph: debug_token says validity, scopes, expiry and data access expiry. Reference:
developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging (fixtures
instagram_graph/debug_token_valid.json, debug_token_expired.json). The others: each provider's
probe_request, its cheapest authenticated read.
"""
import time

from django.conf import settings

from credentials.validation.base import Validation, missing, validator
from instagram.providers import PROVIDERS, GraphAPI


@validator("graphapi")
def validate_graph_token(lease, ctx) -> Validation:
    graph = GraphAPI(lease.secret, credential_id=lease.id, ctx=ctx)
    return judge(graph.debug_token(inspector=settings.BEAT_GRAPHAPI_APP_TOKEN or None))


@validator(*(source for source, cls in PROVIDERS.items() if cls.probe_request))
def validate_key(lease, ctx) -> Validation:
    PROVIDERS[lease.source](lease.secret, credential_id=lease.id, ctx=ctx).probe()
    return Validation(is_valid=True)


def judge(data: dict, now: float | None = None) -> Validation:
    """debug_token's data as a verdict: expired or refused is invalid; missing scopes or expired data
    access are problems a person must solve."""
    now = time.time() if now is None else now
    scopes = [str(scope) for scope in data.get("scopes") or ()]
    expires_at, access_until = data.get("expires_at"), data.get("data_access_expires_at")
    error = (data.get("error") or {}).get("message", "") if isinstance(data.get("error"), dict) else ""
    is_valid = bool(data["is_valid"])
    if is_valid and expires_at and expires_at < now:
        is_valid, error = False, error or "the token has expired"
    problems = []
    lacking = missing(settings.BEAT_GRAPHAPI_REQUIRED_SCOPES, scopes)
    if lacking:
        problems.append(f"missing scopes: {', '.join(lacking)}")
    if access_until and access_until < now:
        problems.append("data access expired: the account owner must log in again")
    return Validation(is_valid=is_valid, scopes=scopes, expires_at=expires_at,
                      data_access_expires_at=access_until, error=error, problems=problems)

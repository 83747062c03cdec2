"""graphapi: GET /debug_token says validity, scopes, expiry and data access expiry.

Reference: developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging
(fixtures instagram_graph/debug_token_valid.json, debug_token_expired.json).
"""
import time

from django.conf import settings

from beat.errors import BadResponse
from beat.http import call
from credentials.validation.base import Validation, base_url, missing, validator


@validator("graphapi")
def validate_graph_token(lease, ctx) -> Validation:
    token = lease.secret["token"]
    # An app token ("APPID|APPSECRET") inspects any token of the app; without one a token inspects itself.
    inspector = settings.BEAT_GRAPHAPI_APP_TOKEN or token
    body = call("GET", f"{base_url('graphapi')}/debug_token", source="graphapi", error_family="graph",
                params={"input_token": token, "access_token": inspector}, credential_id=lease.id, ctx=ctx,
                endpoint="/debug_token", expect=dict)
    data = body.get("data")
    if not isinstance(data, dict) or "is_valid" not in data:
        raise BadResponse("graphapi GET /debug_token: no data.is_valid in the answer", source="graphapi")
    return judge(data)


def judge(data: dict, now: float | None = None) -> Validation:
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

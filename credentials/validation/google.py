"""ytapitoken (an API key) and ytapi (a channel's OAuth grant).

References: developers.google.com/youtube/v3/docs/channels/list (1 quota unit) and
developers.google.com/identity/protocols/oauth2/web-server#offline (refreshing an access token).
"""
from django.conf import settings

from beat.errors import BadResponse
from beat.http import call
from credentials.validation.base import Validation, base_url, missing, validator

PROBE_CHANNEL = "UCLA_DiR1FfKNvjuUpBHmylQ"  # NASA: public, stable


@validator("ytapitoken")
def validate_youtube_key(lease, ctx) -> Validation:
    call("GET", f"{base_url('ytapitoken')}/channels", source="ytapitoken", error_family="google",
         params={"part": "id", "id": PROBE_CHANNEL, "key": lease.secret["key"]},
         credential_id=lease.id, ctx=ctx, expect=dict)
    return Validation(is_valid=True)


@validator("ytapi")
def validate_channel_grant(lease, ctx) -> Validation:
    secret = lease.secret
    body = call("POST", f"{settings.BEAT_GOOGLE_OAUTH_BASE_URL.rstrip('/')}/token", source="ytapi",
                error_family="google", credential_id=lease.id, ctx=ctx, endpoint="/token", expect=dict,
                data={"grant_type": "refresh_token", "refresh_token": secret["refresh_token"],
                      "client_id": secret["client_id"], "client_secret": secret["client_secret"]})
    if not body.get("access_token"):
        raise BadResponse("ytapi POST /token: no access_token in the answer", source="ytapi")
    scopes = str(body.get("scope") or "").split()
    lacking = missing(settings.BEAT_YTAPI_REQUIRED_SCOPES, scopes) if scopes else []
    # the grant itself has no set expiry (only the hour-long access token it yields does)
    return Validation(is_valid=True, scopes=scopes,
                      problems=[f"missing scopes: {', '.join(lacking)}"] if lacking else [])

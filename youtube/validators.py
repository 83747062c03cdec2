"""How Beat checks a YouTube credential: one cheap real call through the source's provider class, so
base URL, auth and error mapping are the provider's own (credentials.validation runs these).

Keys (ytapitoken and the RapidAPI mirrors): each provider's probe_request (channels.list of one id costs
1 unit). A channel's grant (ytapi): the token exchange itself says whether the grant still works and
which scopes it carries. Reference: developers.google.com/identity/protocols/oauth2/web-server#offline.
"""
from django.conf import settings

from credentials.validation.base import Validation, missing, validator
from youtube.providers import PROVIDERS, YtApi


@validator(*(source for source, cls in PROVIDERS.items() if cls.probe_request))
def validate_key(lease, ctx) -> Validation:
    PROVIDERS[lease.source](lease.secret, credential_id=lease.id, ctx=ctx).probe()
    return Validation(is_valid=True)


@validator(YtApi.source)
def validate_channel_grant(lease, ctx) -> Validation:
    scopes = list(YtApi(lease.secret, credential_id=lease.id, ctx=ctx).access_token().scopes)
    lacking = missing(settings.BEAT_YTAPI_REQUIRED_SCOPES, scopes) if scopes else []
    # the grant itself has no set expiry (only the hour-long access token it yields does)
    problems = [f"missing scopes: {', '.join(lacking)}"] if lacking else []
    return Validation(is_valid=True, scopes=scopes, problems=problems)

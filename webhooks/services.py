"""Registering an endpoint: its URL must pass the SSRF checks now (and again on every send), and its
secret is generated here, returned once, stored encrypted."""
import secrets

from beat.errors import InvalidRequest, UpstreamError
from beat.http import guarded
from webhooks.models import WebhookEndpoint


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def endpoint_create(*, account, url: str, event_types: list[str] | None = None) -> tuple[WebhookEndpoint, str]:
    """The endpoint and its clear secret (shown once). Raises UnsafeURL for a URL Beat may not reach,
    InvalidRequest for a host name that does not resolve (the client's URL is wrong: a 400, not a 502)."""
    try:
        guarded.check(url)
    except UpstreamError as exc:
        raise InvalidRequest(exc.message, details={"url": ["The host name does not resolve."]}) from None
    secret = new_secret()
    endpoint = WebhookEndpoint(account=account, url=url, event_types=list(event_types or []))
    endpoint.set_secret(secret)
    endpoint.save()
    return endpoint, secret


def endpoint_secret_rotate(endpoint: WebhookEndpoint) -> str:
    secret = new_secret()
    endpoint.set_secret(secret)
    endpoint.save(update_fields=["secret_ciphertext"])
    return secret

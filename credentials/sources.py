"""The credential sources (the FastAPI Beat's names) and the shape of each one's credential JSON.

The JSON is stored exactly as the FastAPI Beat stored it (so its rows import unchanged); this table
says which field is the secret to mask, which fields are not secret (copied to `public`), and which
field identifies the upstream identity (for the idempotency key of POST /tokens).
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class Source(models.TextChoices):
    GRAPHAPI = "graphapi", "graphapi"
    LAMA = "lama", "lama"
    RAPIDAPI_JOTUCKER = "rapidapi-jotucker", "rapidapi-jotucker"
    RAPIDAPI_ARRAYBOBO = "rapidapi-arraybobo", "rapidapi-arraybobo"
    RAPIDAPI_NEOTANK = "rapidapi-neotank", "rapidapi-neotank"
    RAPIDAPI_BESTSOLUTIONS = "rapidapi-bestsolutions", "rapidapi-bestsolutions"
    RAPIDAPI_IGAPI = "rapidapi-igapi", "rapidapi-igapi"
    ROCKETAPI = "rocketapi", "rocketapi"
    YTAPITOKEN = "ytapitoken", "ytapitoken"
    YTAPI = "ytapi", "ytapi"
    YT_V31 = "yt-v31", "yt-v31"
    RAPIDAPI_YT = "rapidapi-yt", "rapidapi-yt"
    RAPIDAPI_YT_SEARCH = "rapidapi-yt-search", "rapidapi-yt-search"
    SHOPIFY = "shopify", "shopify"
    OPENAI = "openai", "openai"


@dataclass(frozen=True)
class Shape:
    secret_field: str  # the value masked in the admin and the API
    public_fields: tuple[str, ...] = ()  # not secret: copied to Credential.public
    identity_field: str = ""  # names the upstream identity: one credential per (source, value)
    required: tuple[str, ...] = ()
    # the field that names whose credential it is when no handle is given (a YouTube grant: its channel)
    handle_field: str = ""

    def __post_init__(self):
        if not self.required:
            object.__setattr__(self, "required", (self.secret_field,))


_RAPIDAPI = Shape("X-RapidAPI-Key", public_fields=("X-RapidAPI-Host",))

SHAPES: dict[str, Shape] = {
    Source.GRAPHAPI: Shape("token", public_fields=("user_id",), identity_field="user_id"),
    Source.LAMA: Shape("x-access-key"),
    Source.RAPIDAPI_JOTUCKER: _RAPIDAPI,
    Source.RAPIDAPI_ARRAYBOBO: _RAPIDAPI,
    Source.RAPIDAPI_NEOTANK: _RAPIDAPI,
    Source.RAPIDAPI_BESTSOLUTIONS: _RAPIDAPI,
    Source.RAPIDAPI_IGAPI: _RAPIDAPI,
    Source.ROCKETAPI: Shape("Authorization"),
    Source.YTAPITOKEN: Shape("key"),
    Source.YTAPI: Shape("refresh_token", public_fields=("client_id", "channel_id"), identity_field="channel_id",
                        required=("refresh_token", "client_id", "client_secret"), handle_field="channel_id"),
    Source.YT_V31: _RAPIDAPI,
    Source.RAPIDAPI_YT: _RAPIDAPI,
    Source.RAPIDAPI_YT_SEARCH: _RAPIDAPI,
    Source.SHOPIFY: Shape("X-Shopify-Access-Token"),
    Source.OPENAI: Shape("key"),
}


def shape(source: str) -> Shape:
    return SHAPES[source]


def missing_fields(source: str, credentials: dict) -> list[str]:
    return [name for name in shape(source).required if not credentials.get(name)]


def is_sendable(value) -> bool:
    """A secret travels in an HTTP header or a query string: printable ASCII. Any other character
    (one HTTP cannot encode in a header) would fail the first call that sends it, so it is refused
    where it comes in."""
    return isinstance(value, str) and all(" " <= char <= "~" for char in value)


def unsendable_fields(source: str, credentials: dict) -> list[str]:
    return [name for name in shape(source).required if credentials.get(name) and not is_sendable(credentials[name])]


# source -> how its handle must look, for sources that build URLs from the handle (shopify: the shop
# domain goes into the host). The rule lives with the upstream's provider, which registers it when
# its app starts: rule(handle) -> the normalised handle, or raises InvalidParams.
HANDLE_RULES: dict[str, Callable[[str], str]] = {}

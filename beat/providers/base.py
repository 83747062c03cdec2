"""The provider base: one subclass per upstream API, one method per endpoint, raw JSON out.

A provider gets a credential as a value (never a model: providers never touch the ORM), builds
URLs from its base URL setting, and sends everything through beat.http.call, which maps errors
and records the call. Parsing is elsewhere (each platform's parsers.py).
"""
import re
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.conf import settings

from beat.errors import BadResponse, Misconfigured, NotFound
from beat.http import Reply, exchange
from beat.http.redact import secret_values, unecho
from beat.providers.capabilities import CAPABILITIES

_URL_VAR = re.compile(r"^[A-Za-z0-9.-]+(:\d+)?$")  # a host name: a value can never add a path


RAPIDAPI_HEADERS = ("X-RapidAPI-Key", "X-RapidAPI-Host")


def headers_from(credential: dict, names) -> dict:
    """The credential JSON's fields that are known header names of its source, and nothing else: a
    stored `Host`, `X-Forwarded-For` or any other key is never sent. Names match case-insensitively
    (the FastAPI Beat's rows spell them either way) and go out spelled as declared."""
    wanted = {name.lower(): name for name in names}
    return {wanted[str(key).lower()]: str(value) for key, value in credential.items()
            if str(key).lower() in wanted and isinstance(value, (str, int)) and not isinstance(value, bool)}


class Provider:
    source: ClassVar[str]  # the credential source, e.g. "rapidapi-jotucker"
    base_url_setting: ClassVar[str]  # e.g. "BEAT_RAPIDAPI_JOTUCKER_BASE_URL"
    error_family: ClassVar[str] = "generic"
    # the coarse groups of what this provider can do (beat.providers.capabilities), shared by platforms
    capabilities: ClassVar[frozenset[str]] = frozenset()
    # operations served only with the entity's own credential (Graph insights and stories: the
    # handle's own token), never with any credential of the source
    own_credential_operations: ClassVar[frozenset[str]] = frozenset()
    # the credential JSON's fields sent as headers by the default auth_headers; any other is dropped
    credential_headers: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        unknown = set(cls.capabilities) - CAPABILITIES
        if unknown:
            raise TypeError(f"{cls.__name__} declares unknown capabilities: {', '.join(sorted(unknown))}")
        # a misspelt or renamed class setting would be ignored in silence (own_credential_* decides whose
        # token a call may spend), so a provider may declare only the settings the base knows
        declared = {name for name in vars(cls) if name.endswith(("_operations", "_capabilities", "_headers"))
                    and not callable(vars(cls)[name])}
        stray = declared - set(vars(Provider))
        if stray:
            raise TypeError(f"{cls.__name__} declares settings the provider base does not know: "
                            f"{', '.join(sorted(stray))}")

    def __init__(self, credential: dict | None = None, *, credential_id: int | None = None, ctx=None):
        self.credential = dict(credential or {})
        self.credential_id = credential_id
        self.ctx = ctx
        self.url_vars: dict[str, str] = {}  # e.g. {"shop": "acme.myshopify.com"} for "{shop}" base URLs

    def __repr__(self):  # never the credential
        return f"<{type(self).__name__} source={self.source} credential_id={self.credential_id}>"

    @classmethod
    def supports(cls, operation: str) -> bool:
        """Can it do what a flow asks for? A platform whose operations are finer than capabilities
        (Instagram: profile_by_handle within PROFILE) overrides this."""
        return operation in cls.capabilities

    # the cheapest authenticated read (method, path, params or JSON body): a credential check
    probe_request: ClassVar[tuple[str, str, dict] | None] = None

    def probe(self) -> None:
        """One cheap real call with this credential (credential validation). AuthFailed says the upstream
        refuses it; a NotFound for the probed entity still proves the credential works."""
        method, path, sent = self.probe_request
        try:
            self.request(method, path, **({"json": sent} if method == "POST" else {"params": sent}))
        except NotFound:
            pass

    # --- what each upstream overrides ---
    def auth_headers(self) -> dict:
        """The FastAPI Beat's way, the credential's keys are the headers ({"x-access-key": ...}), but
        only those declared in credential_headers."""
        return headers_from(self.credential, self.credential_headers)

    def auth_params(self) -> dict:
        """Query parameters that authenticate (Graph's access_token, YouTube's key); none by default."""
        return {}

    # --- requests ---
    def get(self, path: str, params: dict | None = None, **kwargs) -> Any:
        return self.request("GET", path, params=params, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs) -> Any:
        return self.request("POST", path, json=json, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> Any:
        """The decoded JSON of exchange()."""
        return self.exchange(method, path, **kwargs).body

    def exchange(self, method: str, path: str, *, params=None, headers=None, url_vars=None, **kwargs) -> Reply:
        """The answer with its headers. kwargs go to beat.http.exchange: json, data, timeout, endpoint,
        expect, cost."""
        check_deadline = getattr(self.ctx, "check_deadline", None)
        if callable(check_deadline):
            check_deadline()  # a paginating flow stops between pages, not after its timeout
        params = {**self.auth_params(), **(params or {})}
        headers = {**self.auth_headers(), **(headers or {})}
        reply = exchange(method, self.url(path, **(url_vars or {})), source=self.source, params=params,
                         headers=headers, credential_id=self.credential_id, ctx=self.ctx,
                         error_family=self.error_family, **kwargs)
        # An answer that repeats the credential (Graph's paging links do) loses it here, before any
        # parser, result or snapshot can keep it.
        return replace(reply, body=unecho(reply.body, secret_values(headers, params)))

    def url(self, path: str, **url_vars) -> str:
        """The base URL setting (with {shop}-style parts filled in) + path. An absolute URL (a next
        page link) is accepted only on the base URL's own host, so a credential never leaves it."""
        base = self._base_url({**self.url_vars, **url_vars})
        if path.startswith(("http://", "https://")):
            if urlsplit(path)[:2] != urlsplit(base)[:2]:
                raise BadResponse(f"{self.source}: refusing a link to another host", source=self.source)
            return path
        return base + "/" + path.lstrip("/")

    def _base_url(self, url_vars: dict) -> str:
        template = getattr(settings, self.base_url_setting)
        for name, value in url_vars.items():
            if not _URL_VAR.match(str(value)):
                raise Misconfigured(f"{self.source}: {name} must be a host name, not {value!r}")
        try:
            return template.format(**url_vars).rstrip("/")
        except KeyError as missing:
            raise Misconfigured(f"{self.base_url_setting} needs {missing} for {self.source}") from None


class RapidAPIProvider(Provider):
    """RapidAPI resells many APIs behind one gateway: the key, and the host the key is for."""

    error_family: ClassVar[str] = "rapidapi"
    credential_headers: ClassVar[tuple[str, ...]] = RAPIDAPI_HEADERS

    def auth_headers(self) -> dict:
        headers = super().auth_headers()
        if not any(name.lower() == "x-rapidapi-host" for name in headers):
            headers["X-RapidAPI-Host"] = urlsplit(getattr(settings, self.base_url_setting)).netloc
        return headers

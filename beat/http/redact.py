"""Keep secrets out of everything Beat logs, raises or stores about an upstream call.

Credentials travel in headers, query parameters (Graph's access_token, YouTube's key, lama's
access_key) and sometimes bodies (Google's token exchange). Upstream messages may echo any of them,
and answers carry them back: Graph's paging.next links repeat the caller's access_token, token
exchanges and /me/accounts answer new tokens. Two steps, both here:
- unecho(): every answer, as the provider base receives it, loses the request's own credential values
  wherever they reappear (nothing downstream needs them back);
- scrub(): every raw payload, before it is stored, loses secret query parameters of the links it
  holds and the values of fields named like a secret (tokens Beat did not send).
"""
import json
import re
from urllib.parse import urlsplit

# Query or body fields that carry a credential in some upstream API.
SECRET_FIELDS = frozenset({
    "access_token", "input_token", "key", "api_key", "apikey", "access_key", "client_secret",
    "refresh_token", "token", "password", "appsecret_proof", "sig", "signature",
})
# Headers that never carry a secret; every other header value counts as one.
PLAIN_HEADERS = frozenset({
    "accept", "accept-encoding", "accept-language", "content-type", "user-agent", "x-rapidapi-host",
    "connection", "cache-control",
})
# JSON fields whose value is a secret wherever they appear in an upstream answer. Narrower than
# SECRET_FIELDS: a field called "key" or "token" in a payload is mostly data (a sort key, a page token).
SECRET_KEYS = frozenset({
    "access_token", "refresh_token", "id_token", "input_token", "client_secret", "api_key", "apikey", "access_key",
    "password", "appsecret_proof", "authorization", "x-rapidapi-key", "x-access-key", "x-shopify-access-token",
})
REDACTED = "***"
_QUERY_SECRET = re.compile(r"(?i)((?<![\w-])(?:%s)=)[^&\s\"'<>]+" % "|".join(sorted(SECRET_FIELDS)))
_MIN_SECRET = 6  # shorter values are too likely to be ordinary words


def secret_values(headers=None, params=None, body=None) -> set[str]:
    """The credential values of one request, to be blanked wherever they reappear."""
    found = set()
    for name, value in (headers or {}).items():
        if name.lower() not in PLAIN_HEADERS and value:
            text = str(value)
            found.add(text)
            found.update(part for part in text.split() if part.lower() not in ("bearer", "token", "basic"))
    for mapping in (params, body):
        if isinstance(mapping, dict):
            found.update(str(v) for k, v in mapping.items() if str(k).lower() in SECRET_FIELDS and v)
    return {value for value in found if len(value) >= _MIN_SECRET}


def redact(text: str, secrets=()) -> str:
    """`text` with secret query parameters and the given secret values replaced by ***."""
    return redact_values(_QUERY_SECRET.sub(r"\1" + REDACTED, text or ""), secrets)


def endpoint_of(url: str) -> str:
    """The path of a URL, the only part of it Beat stores (no host query string or fragment)."""
    return urlsplit(url).path or "/"


def unecho(payload, secrets):
    """`payload` (decoded JSON) with each of the request's secret values replaced by ***.

    Costs one serialization when no secret reappears, which is nearly always."""
    secrets = [s for s in secrets if s]
    if payload is None or not secrets:
        return payload
    text = json.dumps(payload, ensure_ascii=False)
    if not any(secret in text for secret in secrets):
        return payload
    return _walk(payload, lambda value: redact_values(value, secrets))


def scrub(payload):
    """A raw payload as it may be stored: secret query parameters of any link in it (access_token=,
    key=, sig= ...) and the values of secret-named fields (SECRET_KEYS) replaced by ***."""
    if payload is None:
        return payload
    text = json.dumps(payload, ensure_ascii=False)
    if not (_QUERY_SECRET.search(text) or _SECRET_KEY_IN_JSON.search(text)):
        return payload
    return _walk(payload, lambda value: _QUERY_SECRET.sub(r"\1" + REDACTED, value), secret_keys=True)


def redact_values(text: str, secrets) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


_SECRET_KEY_IN_JSON = re.compile(r'(?i)"(?:%s)"\s*:' % "|".join(re.escape(k) for k in sorted(SECRET_KEYS)))


def _walk(value, on_text, *, secret_keys=False):
    """A copy of a JSON value with on_text applied to every string (keys too); with secret_keys, the
    value of a secret-named field becomes *** whatever it is."""
    if isinstance(value, str):
        return on_text(value)
    if isinstance(value, list):
        return [_walk(item, on_text, secret_keys=secret_keys) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = on_text(key) if isinstance(key, str) else key
            if secret_keys and isinstance(key, str) and key.lower() in SECRET_KEYS and item not in (None, ""):
                out[name] = REDACTED
            else:
                out[name] = _walk(item, on_text, secret_keys=secret_keys)
        return out
    return value

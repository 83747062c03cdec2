"""Keep secrets out of everything Beat logs, raises or stores about an upstream call.

Credentials travel in headers, query parameters (Graph's access_token, YouTube's key, lama's
access_key) and sometimes bodies (Google's token exchange). Upstream messages may echo any of them.
"""
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
    text = _QUERY_SECRET.sub(r"\1***", text or "")
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def endpoint_of(url: str) -> str:
    """The path of a URL, the only part of it Beat stores (no host query string or fragment)."""
    return urlsplit(url).path or "/"

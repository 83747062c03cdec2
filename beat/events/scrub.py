"""No event leaves Beat with a secret: the one filter every payload passes, at write and at publish.

beat.http.redact.scrub blanks secret-named fields and secret query parameters of links; events also
carry task params, where a pushed token is a field named "token" (sealed, but ciphertext of a secret
is still nobody else's business), so here every credential-like field name counts."""
from beat.http.redact import REDACTED, SECRET_FIELDS, SECRET_KEYS, scrub as scrub_raw

_NAMES = SECRET_FIELDS | SECRET_KEYS | {"secret", "credentials", "credential"}
SEALED_PREFIX = "sealed:"  # credentials.crypto's marker of a sealed value (the core cannot import it)


def scrub(payload):
    return _walk(scrub_raw(payload))


def _walk(value):
    if isinstance(value, dict):
        return {key: REDACTED if isinstance(key, str) and key.lower() in _NAMES and value[key] not in (None, "")
                else _walk(value[key]) for key in value}
    if isinstance(value, list):
        return [_walk(item) for item in value]
    if isinstance(value, str) and value.startswith(SEALED_PREFIX):
        return REDACTED
    return value

"""Secrets at rest: Fernet with BEAT_CREDENTIALS_KEYS (MultiFernet: the first key encrypts, all decrypt).

A ciphertext that no configured key opens raises Misconfigured: a credential is never passed on as
garbage. Without keys (development) one is derived from SECRET_KEY, with a loud warning, so that a
checkout runs with no environment; production sets the keys.
"""
import base64
import hashlib
import json
import logging
import warnings
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from beat.errors import Misconfigured

log = logging.getLogger(__name__)

DERIVED_KEY_WARNING = (
    "BEAT_CREDENTIALS_KEYS is not set: credentials are encrypted with a key derived from SECRET_KEY. "
    "Fine for development only; set BEAT_CREDENTIALS_KEYS in production."
)


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.BEAT_CREDENTIALS_KEYS)
    if keys:
        return keys
    return (_derived_key(settings.SECRET_KEY),)


@lru_cache(maxsize=4)
def _derived_key(secret_key: str) -> str:
    warnings.warn(DERIVED_KEY_WARNING, RuntimeWarning, stacklevel=2)
    log.warning(DERIVED_KEY_WARNING)
    digest = hashlib.sha256(b"beat-credentials:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, TypeError):
            # never echo the key itself, only where it is in the list
            raise ImproperlyConfigured(
                f"BEAT_CREDENTIALS_KEYS: key #{position} is not a Fernet key (32 url-safe base64 bytes)"
            ) from None
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    return _fernet(configured_keys())


def encrypt(secret: dict) -> str:
    return fernet().encrypt(json.dumps(secret, sort_keys=True).encode()).decode()


def decrypt(ciphertext: str, *, label: str = "a credential") -> dict:
    try:
        plain = fernet().decrypt(ciphertext.encode())
    except InvalidToken:
        raise Misconfigured(
            f"{label} cannot be decrypted with any key in BEAT_CREDENTIALS_KEYS "
            "(a key was removed or changed?)"
        ) from None
    return json.loads(plain)


def reencrypt(ciphertext: str, *, label: str = "a credential") -> str:
    """The same secret under the first key (MultiFernet.rotate keeps the original timestamp)."""
    try:
        return fernet().rotate(ciphertext.encode()).decode()
    except InvalidToken:
        raise Misconfigured(f"{label} cannot be decrypted with any key in BEAT_CREDENTIALS_KEYS") from None


def mask(value) -> str:
    """'EAAB…9f2c': enough to tell two secrets apart, never enough to use one."""
    text = str(value or "")
    if text.lower().startswith(("token ", "bearer ")):
        text = text.split(" ", 1)[1]
    if len(text) < 16:
        return "…" + text[-2:] if len(text) >= 8 else "…"
    return f"{text[:4]}…{text[-4:]}"


def fingerprint(value: str) -> str:
    """A stable, non-reversible name for a secret (idempotency keys of key-only credentials)."""
    return hashlib.sha256(f"beat-credential:{value}".encode()).hexdigest()[:32]


SEALED_PREFIX = "sealed:"


def seal(value: str) -> str:
    """A secret that must travel through a task's params (stored as JSON): encrypted, marked as such."""
    return SEALED_PREFIX + fernet().encrypt(value.encode()).decode()


def unseal(value: str) -> str:
    if not value.startswith(SEALED_PREFIX):
        return value
    try:
        return fernet().decrypt(value[len(SEALED_PREFIX):].encode()).decode()
    except InvalidToken:
        raise Misconfigured("a sealed task parameter cannot be decrypted with any key in BEAT_CREDENTIALS_KEYS") from None

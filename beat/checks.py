"""Beat refuses to start without its own secrets outside development (a system check, also run by
beat.wsgi, since gunicorn runs no checks).

The public development SECRET_KEY signs sessions and broker wake-ups; a Fernet key derived from it
would open every stored credential with a constant, and rotating SECRET_KEY would silently lose them
all. So: DJANGO_SECRET_KEY and BEAT_CREDENTIALS_KEYS are both required unless the site is DEBUG and
answers loopback only (settings_security.BEAT_SECRETS_OPTIONAL); `make run` generates and keeps both.
"""
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "beat_secrets"


@checks.register(TAG, deploy=False)
def secrets_are_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.BEAT_SECRETS_OPTIONAL:
        return []
    problems = []
    if not settings.BEAT_SECRET_KEY_GIVEN:
        problems.append(checks.Error(
            "DJANGO_SECRET_KEY is not set: Beat would sign sessions and wake-ups with the public development key.",
            hint="Set DJANGO_SECRET_KEY to a long random value (python -c \"import secrets; "
                 "print(secrets.token_urlsafe(50))\"). Only a DEBUG site on loopback may run without it; "
                 "`make run` keeps a generated one in BEAT_VAR_DIR.",
            id="beat.E001"))
    if not settings.BEAT_CREDENTIALS_KEYS:
        problems.append(checks.Error(
            "BEAT_CREDENTIALS_KEYS is not set: credentials would be encrypted with a key derived from the secret key.",
            hint="Set BEAT_CREDENTIALS_KEYS to a Fernet key (python -c \"from cryptography.fernet import Fernet; "
                 "print(Fernet.generate_key().decode())\"); keep it apart from DJANGO_SECRET_KEY.",
            id="beat.E002"))
    return problems


def refuse_to_start_without_secrets() -> None:
    """For servers that run no system checks (gunicorn): the same check, as a start-up error."""
    problems = secrets_are_set()
    if problems:
        raise ImproperlyConfigured(" ".join(f"{p.msg} {p.hint}" for p in problems))

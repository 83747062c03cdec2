"""What a validator answers, and the registry of validators by source.

A validator makes one cheap real call with a credential and says whether the upstream accepts it:
`func(lease, ctx) -> Validation`. It raises the HTTP client's errors as they come: AuthFailed means
"not valid" (the runner records it), RateLimited / UpstreamError / BadResponse mean "ask again later".
"""
from dataclasses import asdict, dataclass, field
from typing import Callable

from django.conf import settings

from credentials.manager import CredentialLease


@dataclass
class Validation:
    is_valid: bool
    scopes: list[str] = field(default_factory=list)
    expires_at: int | None = None  # unix seconds; 0 never expires; None: the upstream does not say
    data_access_expires_at: int | None = None
    error: str = ""  # why the upstream refused it
    problems: list[str] = field(default_factory=list)  # valid, but a person must act (scopes, data access)

    def as_dict(self) -> dict:
        return asdict(self)


Validator = Callable[[CredentialLease, object], Validation]
VALIDATORS: dict[str, Validator] = {}


def validator(*sources: str):
    def register(func: Validator) -> Validator:
        for source in sources:
            VALIDATORS[source] = func
        return func

    return register


def base_url(source: str) -> str:
    """Read at call time, so overrides (tests, staging) are always seen."""
    return getattr(settings, settings.BEAT_BASE_URL_SETTINGS[source]).rstrip("/")


def missing(required, granted) -> list[str]:
    granted = set(granted or ())
    return [scope for scope in required if scope not in granted]

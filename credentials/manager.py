"""Which credential a call uses, and what its upstream answers do to it. Safe under concurrent workers.

pick() takes the least recently used usable credential of a source in one short transaction
(`SELECT ... FOR UPDATE SKIP LOCKED`, then stamps last_used_at), so concurrent workers spread over
the credentials instead of queueing on one row, and no transaction stays open during the upstream call.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from beat.errors import NoProvider, RateLimited
from credentials.models import Credential, State


@dataclass(frozen=True)
class CredentialLease:
    """A picked credential, as a value: what a provider needs, nothing of the ORM."""

    id: int | None  # None: a token checked without being stored (GET /token/validate?access_token=)
    source: str
    handle: str
    secret: dict = field(repr=False)
    public: dict = field(default_factory=dict)
    masked: str = ""

    def __repr__(self):
        return f"CredentialLease(id={self.id}, source={self.source!r}, handle={self.handle!r}, secret={self.masked!r})"


def _usable(now) -> Q:
    return Q(state=State.ACTIVE) | Q(state=State.COOLING, cooling_until__lte=now)


def spendable(account_id: int | None, *, own: bool) -> Q:
    """The credentials a task may spend. A client account's task: the pooled ones and its own, never
    another tenant's. A task of no account (staff, schedules, messages): the pooled ones, and a
    client's credential only for that handle's own data (`own`: its insights and stories)."""
    pooled = Q(account__isnull=True)
    if account_id is not None:
        return pooled | Q(account_id=account_id)
    return Q() if own else pooled


def pick(source: str, *, handle: str | None = None, exclude=(), account_id: int | None = None) -> CredentialLease:
    """The least recently used usable credential of `source` (of `handle` when given) that a task of
    `account_id` may spend (see spendable).

    Raises RateLimited(retry_after) when the only candidates are cooling, NoProvider when there are none.
    A cooling credential whose cooling_until has passed is active again.
    """
    now = timezone.now()
    candidates = Credential.objects.filter(source=source).exclude(id__in=list(exclude))
    candidates = candidates.filter(spendable(account_id, own=handle is not None))
    if handle is not None:
        candidates = candidates.filter(handle__iexact=handle)
    lru = candidates.filter(_usable(now)).order_by(F("last_used_at").asc(nulls_first=True), "id")
    with transaction.atomic():
        # Skip rows other workers are picking right now; when every usable row is being picked,
        # wait the few milliseconds for one rather than report none.
        row = lru.select_for_update(skip_locked=True).first() or lru.select_for_update().first()
        if row is not None:
            Credential.objects.filter(id=row.id).update(
                last_used_at=now, state=State.ACTIVE, cooling_until=None,
                state_reason="" if row.state == State.COOLING else row.state_reason)
    if row is None:
        _raise_nothing_to_pick(source, handle, candidates, now)
    return lease_of(row)


def lease_of(row: Credential) -> CredentialLease:
    """A credential as a value (decrypted: raises Misconfigured when no configured key opens it)."""
    return CredentialLease(id=row.id, source=row.source, handle=row.handle, secret=row.secret,
                           public=dict(row.public), masked=row.masked)


def _raise_nothing_to_pick(source, handle, candidates, now):
    soonest = (candidates.filter(state=State.COOLING, cooling_until__gt=now)
               .order_by("cooling_until").values_list("cooling_until", flat=True).first())
    whose = f"{source} for {handle!r}" if handle is not None else source
    if soonest is not None:
        raise RateLimited(f"every {whose} credential is cooling down", source=source,
                          retry_after=(soonest - now).total_seconds())
    raise NoProvider(f"no active {whose} credential", source=source)


def cool_down(cred_id: int, seconds: float | None = None, reason: str = "rate limited", *,
              count_error: bool = True) -> None:
    """Rate-limited: rest until now + seconds (Retry-After or usage headers; default 3600 s).

    Never shortens a longer cool-down, never revives a disabled or needs-attention credential.
    """
    seconds = settings.BEAT_CREDENTIAL_COOLDOWN if seconds is None else max(1.0, float(seconds))
    until = timezone.now() + timedelta(seconds=seconds)
    Credential.objects.filter(id=cred_id, state__in=[State.ACTIVE, State.COOLING]).update(
        state=State.COOLING, cooling_until=Greatest(Coalesce(F("cooling_until"), until), until),
        state_reason=reason[:500], error_count=F("error_count") + int(count_error))


def needs_attention(cred_id: int, reason: str) -> None:
    """Refused, missing scopes, data access expired: out of rotation until a person looks."""
    Credential.objects.filter(id=cred_id).exclude(state=State.DISABLED).update(
        state=State.NEEDS_ATTENTION, state_reason=reason[:500], cooling_until=None,
        error_count=F("error_count") + 1)


def record_success(cred_id: int) -> None:
    Credential.objects.filter(id=cred_id).update(success_count=F("success_count") + 1)


def record_error(cred_id: int) -> None:
    """A transient failure (5xx, bad JSON): counted, the credential stays in rotation."""
    Credential.objects.filter(id=cred_id).update(error_count=F("error_count") + 1)


def enable(cred_id: int) -> None:
    Credential.objects.filter(id=cred_id).update(state=State.ACTIVE, state_reason="", cooling_until=None)


def disable(cred_id: int, reason: str = "disabled by an operator") -> None:
    Credential.objects.filter(id=cred_id).update(state=State.DISABLED, state_reason=reason[:500],
                                                 cooling_until=None)

"""Validate one stored credential: one cheap real call, the verdict stored, the state updated."""
from django.db import transaction
from django.utils import timezone

from beat.errors import AuthFailed, NotFound, RateLimited
from beat.ratelimit import acquire, source_limits
from credentials import manager
from credentials.fallback import counted_from_the_call
from credentials.models import Credential, State
from credentials.validation.base import VALIDATORS, Validation


def check_unsaved(source: str, credentials: dict, *, handle: str = "", ctx=None) -> dict:
    """The verdict on a credential that is not stored (GET /token/validate?access_token=): nothing is
    written, and the answer has no state."""
    lease = manager.CredentialLease(id=None, source=source, handle=handle, secret=credentials)
    granted = _spend_budget(source, None)
    try:
        with granted:
            verdict = VALIDATORS[source](lease, ctx)
    except AuthFailed as exc:
        verdict = Validation(is_valid=False, error=exc.message)
    return {"credential_id": None, "source": source, "handle": handle, "masked": "", "state": None,
            "state_reason": "", "cooling_until": None, **verdict.as_dict(), "validated_at": timezone.now().isoformat()}


def _spend_budget(source: str, credential_id):
    """A grant of the source's budget for the one call, as a context for it (the grant counts from the
    call once it has an answer); RateLimited when Beat's own budget is spent (or the limiter is down)."""
    stack = source_limits(source, credential_id)
    decision = acquire(stack)
    if not decision.allowed:  # no call, try later
        raise RateLimited(f"{source} budget spent ({decision.blocking_key})", source=source,
                          retry_after=decision.retry_after)
    return counted_from_the_call(stack, decision)


def validate_credential(credential_id: int, *, ctx=None) -> dict:
    """The verdict on a credential (valid, scopes, expiry, state); raises RateLimited, UpstreamError
    or BadResponse when the upstream could not say (the queue tries again later)."""
    row = Credential.objects.filter(id=credential_id).first()
    if row is None:
        raise NotFound(f"no credential #{credential_id}", source="credentials")
    lease = manager.lease_of(row)
    granted = _spend_budget(row.source, row.id)
    try:
        with granted:
            verdict = VALIDATORS[row.source](lease, ctx)
    except AuthFailed as exc:
        verdict = Validation(is_valid=False, error=exc.message)
    except RateLimited as exc:
        manager.cool_down(row.id, exc.retry_after, f"rate limited while validating: {exc.message}")
        raise
    return record_verdict(row.id, verdict)


def record_verdict(credential_id: int, verdict: Validation) -> dict:
    with transaction.atomic():
        row = Credential.objects.select_for_update().get(id=credential_id)
        row.last_validated_at = timezone.now()
        row.last_validation = verdict.as_dict()
        trouble = ([] if verdict.is_valid else [verdict.error or "the upstream refused the credential"])
        trouble += verdict.problems
        if row.state != State.DISABLED:
            if trouble:
                row.state, row.state_reason, row.cooling_until = State.NEEDS_ATTENTION, "; ".join(trouble)[:500], None
            elif row.state == State.NEEDS_ATTENTION:  # fixed since: back in rotation
                row.state, row.state_reason = State.ACTIVE, ""
        row.save(update_fields=["last_validated_at", "last_validation", "state", "state_reason",
                                "cooling_until", "updated_at"])
    return summary(row)


def summary(row: Credential) -> dict:
    """What the API, the admin and the flow show of a credential: never its secret."""
    last = row.last_validation or {}
    return {
        "credential_id": row.id, "source": row.source, "handle": row.handle, "masked": row.masked,
        "state": row.state, "state_reason": row.state_reason,
        "cooling_until": row.cooling_until.isoformat() if row.cooling_until else None,
        "is_valid": last.get("is_valid"), "scopes": last.get("scopes", []),
        "expires_at": last.get("expires_at"), "data_access_expires_at": last.get("data_access_expires_at"),
        "error": last.get("error", ""), "problems": last.get("problems", []),
        "validated_at": row.last_validated_at.isoformat() if row.last_validated_at else None,
    }

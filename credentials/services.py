"""Writes of credentials: insert or update by idempotency key. Keyword-only, as in every app."""
from django.db import IntegrityError, transaction

from beat.errors import Forbidden, InvalidParams
from beat.handles import normal_handle
from credentials import crypto
from credentials.models import Credential, State
from credentials.sources import HANDLE_RULES, SHAPES, missing_fields, shape, unsendable_fields


def normalize_handle(handle) -> str:
    return normal_handle(handle) or ""


def checked_handle(*, source: str, handle) -> str:
    """The handle normalised, and valid for its source where the source has a rule (a shopify
    handle must be a shop domain): InvalidParams with the handle's field error otherwise."""
    handle = normalize_handle(handle)
    rule = HANDLE_RULES.get(source)
    if rule is None:
        return handle
    try:
        return rule(handle)
    except InvalidParams as exc:
        raise InvalidParams(exc.message, details={"handle": [exc.message]}) from None


def idempotency_key_for(*, source: str, credentials: dict, handle: str = "") -> str:
    """source + the upstream identity (user_id / channel_id), else the handle, else a hash of the key."""
    fields = shape(source)
    identity = credentials.get(fields.identity_field) if fields.identity_field else None
    if identity:
        return f"{source}:{fields.identity_field}:{identity}"
    if handle:
        return f"{source}:handle:{handle}"
    return f"{source}:key:{crypto.fingerprint(str(credentials.get(fields.secret_field)))}"


def check_credentials(*, source: str, credentials) -> dict:
    if source not in SHAPES:
        raise InvalidParams(f"unknown source {source!r}", details={"source": [f"One of {sorted(SHAPES)}."]})
    if not isinstance(credentials, dict):
        raise InvalidParams("credentials must be a JSON object", details={"credentials": ["Expected an object."]})
    missing = missing_fields(source, credentials)
    if missing:
        raise InvalidParams(f"{source} credentials need {', '.join(missing)}",
                            details={"credentials": [f"Missing {name}." for name in missing]})
    unsendable = unsendable_fields(source, credentials)
    if unsendable:
        raise InvalidParams(f"{source} credentials: {', '.join(unsendable)} must be printable ASCII text",
                            details={"credentials": [f"{name} must be printable ASCII text." for name in unsendable]})
    return credentials


def credential_upsert(*, source: str, credentials: dict, handle: str = "", state: str | None = None,
                      state_reason: str = "", owner=None) -> tuple[Credential, bool]:
    """Insert, or update the credential with the same idempotency key. A new secret re-activates a
    credential that needed attention (the person fixed it); a disabled one stays disabled unless
    `state` says otherwise.

    owner: the client account writing it (None: staff or the system, who may write any credential).
    A client's credential is its own; it may never replace a pooled one or another account's, nor
    claim a handle whose credential another account (or staff) already holds: Forbidden, nothing written.
    """
    check_credentials(source=source, credentials=credentials)
    # a grant named by its channel (ytapi) is that channel's when no handle is given
    handle = checked_handle(source=source, handle=handle or credentials.get(shape(source).handle_field or "", ""))
    key = idempotency_key_for(source=source, credentials=credentials, handle=handle)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                if owner is not None:
                    _check_owner(source, key, handle, owner)
                return _upsert(source, credentials, handle, key, state, state_reason, owner)
        except IntegrityError:
            continue  # a concurrent insert of the same key won: update that row instead
    raise InvalidParams(f"credential {key!r} is being written concurrently; try again")


def _check_owner(source, key, handle, owner) -> None:
    others = Credential.objects.filter(idempotency_key=key)
    if handle:
        others = others | Credential.objects.filter(source=source, handle=handle)
    if others.exclude(account_id=owner.pk).exists():
        raise Forbidden("This credential (or the handle's) is held by another account or managed by staff.",
                        details={"source": source, "handle": handle})


def _upsert(source, credentials, handle, key, state, state_reason, owner):
    row = Credential.objects.select_for_update().filter(idempotency_key=key).first()
    created = row is None
    if created:
        row = Credential(source=source, idempotency_key=key, account=owner)
    row.handle = handle or row.handle
    row.set_secret(credentials)
    if state is not None:
        row.state, row.state_reason = state, state_reason
        row.cooling_until = None
    elif created or row.state == State.NEEDS_ATTENTION:
        row.state, row.state_reason, row.cooling_until = State.ACTIVE, "", None
    row.save()
    return row, created

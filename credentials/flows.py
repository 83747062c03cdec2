"""Credential flows (messages and the API): validate one credential; take a Graph token pushed by
the identity service for a handle."""
from rest_framework import serializers

from accounts.models import Account
from beat.errors import NotFound
from beat.flows import CREDENTIAL_MANAGERS, flow
from beat.flows.params import Handle, NumericId
from credentials import crypto
from credentials.models import Credential
from credentials.services import credential_upsert
from credentials.validation import validate_credential


class SealedToken(serializers.CharField):
    """A token param, encrypted as soon as it is accepted: the task row stores only ciphertext."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 4096)
        kwargs.setdefault("trim_whitespace", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return value if value.startswith(crypto.SEALED_PREFIX) else crypto.seal(value)

    def to_representation(self, value):
        return crypto.SEALED_PREFIX + "…"


class ValidateParams(serializers.Serializer):
    credential_id = serializers.IntegerField(min_value=1)


class IdentityTokenParams(serializers.Serializer):
    handle = Handle()
    token = SealedToken()
    user_id = NumericId(help_text="The Instagram professional account id the token belongs to.")


# Both act on credentials: staff, the message bridge and keys allowed to manage tokens only (403 at submit).
@flow("credentials_validate", params=ValidateParams, platform="BEAT", timeout=120, concurrency=10,
      submitters=CREDENTIAL_MANAGERS)
def credentials_validate(ctx, *, credential_id):
    """Checks a credential with one cheap real call; records validity, scopes, expiry and state."""
    owned = Credential.objects.filter(id=credential_id)
    if ctx.account_id is not None:  # a client's task: its own account's credentials only
        owned = owned.filter(account_id=ctx.account_id)
    if not owned.exists():  # another account's credential is simply not there
        raise NotFound(f"no credential #{credential_id}", source="credentials")
    return validate_credential(credential_id, ctx=ctx)


@flow("upsert_credential_from_identity", params=IdentityTokenParams, platform="BEAT", timeout=120,
      concurrency=10, submitters=CREDENTIAL_MANAGERS)
def upsert_credential_from_identity(ctx, *, handle, token, user_id):
    """Stores the Graph token the identity service pushed for a handle, then validates it. Pushed
    through a client's key, the credential is that account's (never another's to replace)."""
    owner = Account.objects.get(pk=ctx.account_id) if ctx.account_id is not None else None
    row, created = credential_upsert(source="graphapi", handle=handle, owner=owner,
                                     credentials={"token": crypto.unseal(token), "user_id": str(user_id)})
    return {"created": created, **validate_credential(row.id, ctx=ctx)}

"""POST /tokens (store a credential) and GET /token/validate (check one now). Secrets never go out."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from beat.api.serializers import ErrorSerializer
from beat.api.views._docs import errors
from credentials.api.permissions import CanManageTokens, owner_of_writes, visible_credentials
from credentials.api.serializers import (CredentialOutSerializer, TokenInSerializer, ValidateQuerySerializer,
                                         ValidationOutSerializer)
from credentials.models import Credential, State
from credentials.services import credential_upsert, idempotency_key_for, normalize_handle
from credentials.sources import shape
from credentials.validation import check_unsaved, validate_credential

TAGS = ["credentials"]
VALIDATE_RESPONSES = {200: ValidationOutSerializer, **errors(400, 403, 404),
                      502: OpenApiResponse(ErrorSerializer, description="The upstream gave no usable answer "
                                                                        "(5xx, timeout, unreadable JSON); try again.")}


class TokenView(APIView):
    permission_classes = [CanManageTokens]

    @extend_schema(operation_id="store_token", tags=TAGS, request=TokenInSerializer, summary="Store a credential",
                   description="Inserts, or updates the credential with the same idempotency key "
                               "(source + user_id, handle or a hash of the key). The secret is never echoed.",
                   responses={201: OpenApiResponse(CredentialOutSerializer, description="Created."),
                              200: OpenApiResponse(CredentialOutSerializer, description="Updated."),
                              **errors(400, 403)})
    def post(self, request):
        body = TokenInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        row, created = credential_upsert(
            source=data["source"], credentials=data["credentials"], handle=data["handle"],
            state=None if data["enabled"] else State.DISABLED,
            state_reason="" if data["enabled"] else "stored disabled through POST /tokens",
            owner=owner_of_writes(request.user))
        return Response(CredentialOutSerializer(row).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class TokenValidateView(APIView):
    permission_classes = [CanManageTokens]

    @extend_schema(operation_id="validate_token", tags=TAGS, parameters=[ValidateQuerySerializer],
                   summary="Check a credential now", description="Validity, scopes, expiry and state, from a live "
                   "upstream call (Graph debug_token, or a cheap call for key-based sources). A key sees only "
                   "its own account's credentials. Prefer POST with a JSON body for an access_token: a query "
                   "string ends up in access logs.",
                   responses=VALIDATE_RESPONSES)
    def get(self, request):
        return self.check(request, request.query_params)

    @extend_schema(operation_id="validate_token_post", tags=TAGS, request=ValidateQuerySerializer,
                   summary="Check a credential now (the same, from a JSON body)", responses=VALIDATE_RESPONSES)
    def post(self, request):
        return self.check(request, request.data)

    def check(self, request, data):
        query = ValidateQuerySerializer(data=data)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        stored = _stored(q, visible_credentials(request.user))
        token = q.get("access_token")
        if token and (stored is None or _secret_of(stored) != token):
            result = check_unsaved(q["source"], _unsaved_credentials(q), handle=normalize_handle(q.get("handle")))
        elif stored is None:
            raise NotFound("No stored credential matches.")
        else:
            result = validate_credential(stored.id)
        return Response(ValidationOutSerializer(result).data)


def _stored(q, credentials) -> Credential | None:
    """The caller's visible credential named by the query (another account's is simply not there)."""
    if q.get("id"):
        return get_object_or_404(credentials, id=q["id"])
    source = q["source"]
    if q.get("social_user_id") and shape(source).identity_field:
        key = idempotency_key_for(source=source, credentials={shape(source).identity_field: q["social_user_id"]})
        found = credentials.filter(idempotency_key=key).first()
        if found is not None:
            return found
    if q.get("handle"):
        return (credentials.filter(source=source, handle=normalize_handle(q["handle"]))
                .order_by("-updated_at").first())
    return None


def _secret_of(row: Credential) -> str:
    return str(row.secret.get(shape(row.source).secret_field) or "")


def _unsaved_credentials(q) -> dict:
    fields = shape(q["source"])
    if len(fields.required) > 1:
        raise serializers.ValidationError({"access_token": [f"A {q['source']} credential cannot be checked from a "
                                                            "token alone; store it with POST /tokens first."]})
    credentials = {fields.secret_field: q["access_token"]}
    if q.get("social_user_id") and fields.identity_field:
        credentials[fields.identity_field] = q["social_user_id"]
    return credentials

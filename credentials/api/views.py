"""POST /tokens (store a credential) and GET /token/validate (check one now). Secrets never go out."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from beat.api.serializers import ErrorSerializer
from beat.api.views._docs import errors
from credentials.api.permissions import CanManageTokens
from credentials.api.serializers import (CredentialOutSerializer, TokenInSerializer, ValidateQuerySerializer,
                                         ValidationOutSerializer)
from credentials.models import Credential, State
from credentials.services import credential_upsert, idempotency_key_for, normalize_handle
from credentials.sources import shape
from credentials.validation import check_unsaved, validate_credential

TAGS = ["credentials"]


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
            state_reason="" if data["enabled"] else "stored disabled through POST /tokens")
        return Response(CredentialOutSerializer(row).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class TokenValidateView(APIView):
    permission_classes = [CanManageTokens]

    @extend_schema(operation_id="validate_token", tags=TAGS, parameters=[ValidateQuerySerializer],
                   summary="Check a credential now", description="Validity, scopes, expiry and state, from a live "
                   "upstream call (Graph debug_token, or a cheap call for key-based sources).",
                   responses={200: ValidationOutSerializer, **errors(400, 403, 404),
                              502: OpenApiResponse(ErrorSerializer, description="The upstream gave no usable "
                                                   "answer (5xx, timeout, unreadable JSON); try again.")})
    def get(self, request):
        query = ValidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        stored = _stored(q)
        token = q.get("access_token")
        if token and (stored is None or _secret_of(stored) != token):
            result = check_unsaved(q["source"], _unsaved_credentials(q), handle=normalize_handle(q.get("handle")))
        elif stored is None:
            raise NotFound("No stored credential matches.")
        else:
            result = validate_credential(stored.id)
        return Response(ValidationOutSerializer(result).data)


def _stored(q) -> Credential | None:
    if q.get("id"):
        return get_object_or_404(Credential, id=q["id"])
    source = q["source"]
    if q.get("social_user_id") and shape(source).identity_field:
        key = idempotency_key_for(source=source, credentials={shape(source).identity_field: q["social_user_id"]})
        found = Credential.objects.filter(idempotency_key=key).first()
        if found is not None:
            return found
    if q.get("handle"):
        return (Credential.objects.filter(source=source, handle=normalize_handle(q["handle"]))
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

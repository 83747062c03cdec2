"""POST /tokens and GET /token/validate: what comes in, what goes out (never a secret)."""
from rest_framework import serializers

from credentials.models import Credential
from credentials.sources import Source, is_sendable

PLATFORM_SOURCES = {"instagram": "graphapi", "youtube": "ytapi", "shopify": "shopify"}


class TokenInSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    credentials = serializers.DictField(help_text="The credential JSON in the FastAPI Beat's shape, e.g. "
                                                  '{"token": "...", "user_id": "..."} for graphapi.')
    handle = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    enabled = serializers.BooleanField(required=False, default=True)


class CredentialOutSerializer(serializers.ModelSerializer):
    masked = serializers.CharField(read_only=True, help_text="The secret's ends only, e.g. EAAB…9f2c.")

    class Meta:
        model = Credential
        fields = ["id", "source", "handle", "masked", "public", "state", "state_reason", "cooling_until",
                  "last_used_at", "success_count", "error_count", "last_validated_at", "last_validation",
                  "created_at", "updated_at"]
        read_only_fields = fields


class ValidateQuerySerializer(serializers.Serializer):
    """One way to name the credential, as the FastAPI Beat took them."""

    id = serializers.IntegerField(required=False, min_value=1)
    access_token = serializers.CharField(required=False, max_length=4096)
    social_user_id = serializers.CharField(required=False, max_length=100)
    handle = serializers.CharField(required=False, max_length=255)
    platform = serializers.CharField(required=False, max_length=20)
    type = serializers.ChoiceField(required=False, choices=Source.choices, help_text="The credential source.")

    def validate(self, attrs):
        if not any(attrs.get(name) for name in ("id", "access_token", "social_user_id", "handle")):
            raise serializers.ValidationError({"id": ["Give id, access_token, social_user_id or handle."]})
        if attrs.get("access_token") and not is_sendable(attrs["access_token"]):
            raise serializers.ValidationError({"access_token": ["A token is printable ASCII text."]})
        platform = (attrs.get("platform") or "").lower()
        if platform and platform not in PLATFORM_SOURCES:
            raise serializers.ValidationError({"platform": [f"One of {', '.join(PLATFORM_SOURCES)}."]})
        attrs["source"] = attrs.get("type") or PLATFORM_SOURCES.get(platform or "instagram")
        return attrs


class ValidationOutSerializer(serializers.Serializer):
    credential_id = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    handle = serializers.CharField()
    masked = serializers.CharField()
    state = serializers.CharField(allow_null=True, help_text="null for a token checked without being stored.")
    state_reason = serializers.CharField()
    cooling_until = serializers.DateTimeField(allow_null=True)
    is_valid = serializers.BooleanField(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())
    expires_at = serializers.IntegerField(allow_null=True, help_text="Unix seconds; 0 never expires.")
    data_access_expires_at = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())
    validated_at = serializers.DateTimeField(allow_null=True)

"""GET /assets/{entity_id}: where an entity's stored media is, served on the CDN (AWS_S3_CUSTOM_DOMAIN)
where one is set. Like profiles and posts, stored media is shared data: any key or staff may read it."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff
from assets.models import AssetLog
from assets.storage import public_url
from beat.api.views._docs import errors


class AssetSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to fetch it: the CDN when configured.")

    class Meta:
        model = AssetLog
        fields = ["entity_id", "entity_type", "platform", "asset_type", "asset_url", "url", "original_url",
                  "content_hash", "size", "updated_at"]

    def get_url(self, row) -> str:
        return public_url(row.asset_url)


class AssetView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_asset", tags=["assets"], summary="An entity's stored media",
                   responses={200: AssetSerializer, **errors(404)})
    def get(self, request, entity_id):
        return Response(AssetSerializer(get_object_or_404(AssetLog, entity_id=entity_id)).data)

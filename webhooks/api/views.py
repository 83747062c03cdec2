"""An account's webhook endpoints through its API key: register (the secret is in this answer only),
list, delete. Staff manage every account's in the admin."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import is_client
from beat.api.views._docs import errors
from beat.events import EVENT_TYPES
from webhooks.models import WebhookEndpoint
from webhooks.services import endpoint_create

TAGS = ["webhooks"]


class IsClient(BasePermission):
    message = "Webhooks belong to an account: call with its API key."

    def has_permission(self, request, view):
        return is_client(request.user)


class EndpointInSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    event_types = serializers.ListField(child=serializers.ChoiceField(EVENT_TYPES), required=False, default=list,
                                        max_length=len(EVENT_TYPES), help_text="Empty or left out: every event.")


class EndpointOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "event_types", "active", "created_at"]


class CreatedEndpointSerializer(EndpointOutSerializer):
    secret = serializers.CharField(help_text="The signing secret: in this answer only, keep it.")

    class Meta(EndpointOutSerializer.Meta):
        fields = [*EndpointOutSerializer.Meta.fields, "secret"]


class EndpointListView(APIView):
    permission_classes = [IsClient]

    @extend_schema(operation_id="create_webhook", tags=TAGS, request=EndpointInSerializer,
                   summary="Register a webhook URL",
                   description="The URL must be http(s) at a public address. Events about this account's tasks "
                               "and data are POSTed to it, signed (X-Beat-Signature, X-Beat-Timestamp).",
                   responses={201: OpenApiResponse(CreatedEndpointSerializer, description="Created."),
                              **errors(400, 403)})
    def post(self, request):
        body = EndpointInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint, secret = endpoint_create(account=request.user.account, **body.validated_data)
        data = {**EndpointOutSerializer(endpoint).data, "secret": secret}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="list_webhooks", tags=TAGS, summary="This account's webhook URLs",
                   responses={200: EndpointOutSerializer(many=True), **errors(403)})
    def get(self, request):
        endpoints = WebhookEndpoint.objects.filter(account=request.user.account).order_by("id")
        return Response(EndpointOutSerializer(endpoints, many=True).data)


class EndpointDetailView(APIView):
    permission_classes = [IsClient]

    @extend_schema(operation_id="delete_webhook", tags=TAGS, summary="Remove a webhook URL",
                   responses={204: None, **errors(403, 404)})
    def delete(self, request, endpoint_id):
        get_object_or_404(WebhookEndpoint, pk=endpoint_id, account=request.user.account).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

"""GET /heartbeat for load balancers (503 while draining), PUT /heartbeat?beat=false|true for staff."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsStaff
from beat.api.serializers import HeartbeatQuerySerializer, HeartbeatSerializer
from beat.api.views._docs import errors
from beat.models import RuntimeFlag

FLAG = "serving"


class HeartbeatView(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsStaff()]

    @extend_schema(operation_id="heartbeat", tags=["ops"], auth=[], summary="Is this Beat serving?",
                   responses={200: HeartbeatSerializer,
                              503: OpenApiResponse(HeartbeatSerializer, description="Draining: {\"beat\": false}.")})
    def get(self, request):
        serving = RuntimeFlag.is_on(FLAG)
        return Response({"beat": serving}, status=status.HTTP_200_OK if serving else status.HTTP_503_SERVICE_UNAVAILABLE)

    @extend_schema(operation_id="set_heartbeat", tags=["ops"], summary="Drain (beat=false) or serve (beat=true)",
                   parameters=[HeartbeatQuerySerializer], request=None,
                   responses={200: HeartbeatSerializer, **errors(400, 403)})
    def put(self, request):
        # a plain dict: from a QueryDict DRF reads a missing boolean as False, which would drain
        query = HeartbeatQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        serving = query.validated_data["beat"]
        RuntimeFlag.objects.update_or_create(
            name=FLAG, defaults={"enabled": serving, "changed_by": request.user.get_username()})
        return Response({"beat": serving})

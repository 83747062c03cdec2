"""GET /profiles/{platform}/byhandle/{handle}/history: a profile's snapshots (profile_log), oldest
first, for charts. Snapshots that recorded only a state (private, not found) carry no figures and are
left out."""
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from beat.errors import NotFound
from instagram import selectors
from instagram.api.serializers import HandlePath, HistoryQuery, HistorySerializer
from instagram.api.views._common import PLATFORM, InstagramView, documented_errors, valid
from instagram.models import ProfileLog, SnapshotKind

FIGURES = ("followers", "following", "media_count", "reels_count")


class SnapshotPage(PageNumberPagination):
    page_size = 200
    page_size_query_param = "size"
    max_page_size = 1000


class ProfileHistoryView(InstagramView):
    @extend_schema(operation_id="get_profile_history", tags=["instagram profiles"],
                   summary="A profile's follower, following and media counts over time",
                   parameters=[PLATFORM, HistoryQuery], responses={200: HistorySerializer,
                                                                   **documented_errors(400, 404)})
    def get(self, request, platform, handle):
        handle = valid(HandlePath, {"handle": handle})["handle"]
        query = valid(HistoryQuery, request.query_params)
        account = selectors.account_by_handle(handle)
        if account is None:
            raise NotFound(f"No Instagram account @{handle} is stored.", details={"handle": handle})
        profile_id = account["profile_id"]
        # by id when known: a handle can have belonged to another account before
        owner = Q(profile_id=profile_id) if profile_id else Q(handle=handle)
        since = timezone.now() - timedelta(days=query["days"])
        snapshots = (ProfileLog.objects.filter(owner, kind=SnapshotKind.PROFILE, timestamp__gte=since)
                     .exclude(metrics={}).order_by("timestamp", "id").values("timestamp", "metrics", "source"))
        paginator = SnapshotPage()
        page = paginator.paginate_queryset(snapshots, request, view=self)
        data = [{"timestamp": s["timestamp"], "source": s["source"], **{n: s["metrics"].get(n) for n in FIGURES}}
                for s in page]
        return Response(HistorySerializer({
            "handle": handle, "profile_id": profile_id, "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(), "previous": paginator.get_previous_link(), "data": data}).data)

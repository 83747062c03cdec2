"""GET /profiles/INSTAGRAM/byhandle/{handle}/insights and /audienceinsights: the Graph API audience
demographics of a handle, read with the handle's own token.

A token and user_id (query, JSON body or X-Graph-Token / X-Graph-User-Id headers) are stored first as
the handle's graphapi credential (encrypted, as the FastAPI Beat stored them), for staff and keys
allowed to manage tokens only (instagram.api.tokens); neither is ever echoed. Only the account that
owns the handle's credential (and staff) is answered. Then refresh_profile_insights runs when the
stored demographics are missing or older than a day (or max_age, force_refresh).
"""
from datetime import timedelta

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from beat.api import refresh
from beat.errors import NotFound
from beat.models import FINISHED
from instagram import selectors
from instagram.api.tokens import check_may_read_insights, store_given_token
from instagram.api.serializers import (AudienceAnswerSerializer, AudienceSerializer, HandlePath,
                                       InsightsAnswerSerializer, InsightsQuery, ProfileSerializer)
from instagram.api.views._common import (ACCEPTED, PLATFORM, InstagramView, accepted, documented_errors, refreshed,
                                         valid)

DAY = timedelta(days=1)
TAGS = ["instagram insights"]
REFRESH_FLOW = "refresh_profile_insights"
AUDIENCE = AudienceSerializer()
PROFILE = ProfileSerializer()


def _docs(operation_id: str, summary: str, answer):
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         parameters=[PLATFORM, InsightsQuery],
                         responses={200: answer, 202: ACCEPTED, **documented_errors(400, 403, 404, 502)})


class _InsightsView(InstagramView):
    def audience(self, request, handle: str):
        """(the stored or refreshed audience row, None), or (None, a 202 Response)."""
        handle = valid(HandlePath, {"handle": handle})["handle"]
        query = valid(InsightsQuery, request.query_params)
        store_given_token(request, handle)
        check_may_read_insights(request.user, handle)
        row = selectors.audience_by_handle(handle)
        if row is None or refresh.Freshness.of(query, DAY).needs_refresh(row["refreshed_at"]):
            task = refreshed(request, query, REFRESH_FLOW, {"handle": handle})
            if task.status not in FINISHED:
                return None, accepted(task)
            if task.status not in refresh.SUCCEEDED:
                raise refresh.RefreshFailed(task)
            row = selectors.audience_by_handle(handle)
        if row is None:
            raise NotFound(f"No audience insights for @{handle}.", details={"handle": handle})
        return row, None


class AudienceInsightsView(_InsightsView):
    @_docs("get_audience_insights", "A handle's audience: followers, reached and engaged by country, city, "
                                    "gender and age", AudienceAnswerSerializer)
    def get(self, request, platform, handle):
        row, pending = self.audience(request, handle)
        return pending or Response({"data": AUDIENCE.to_representation(selectors.audience_answer(row))})


class InsightsView(_InsightsView):
    @_docs("get_profile_insights", "A handle's stored profile with its audience insights", InsightsAnswerSerializer)
    def get(self, request, platform, handle):
        row, pending = self.audience(request, handle)
        if pending:
            return pending
        account = selectors.account_by_handle(row["handle"]) or selectors.account_by_profile_id(row["profile_id"])
        profile = account and PROFILE.to_representation(selectors.profile_answer(account))
        return Response({"profile": profile, "insights": AUDIENCE.to_representation(selectors.audience_answer(row))})

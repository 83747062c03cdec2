"""GET /profiles/{platform}/byhandle/{handle}, /byprofileid/{profile_id}, /byid/{id}.

Stored data while fresh (a day by handle, a week by profile id), else a refresh task that the view
waits for. A fresh answer by handle is one SELECT after the key check.
"""
from datetime import timedelta

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from beat.api import refresh
from beat.errors import NotFound
from beat.models import FINISHED
from beat.ratelimit import profile_refresh_limits
from instagram import selectors
from instagram.api.tokens import store_given_token
from instagram.api.serializers import (HandlePath, ProfileAnswerSerializer, ProfileIdPath, ProfileQuery,
                                      ProfileSerializer)
from instagram.api.views._common import (ACCEPTED, PLATFORM, InstagramView, accepted, documented_errors, refreshed,
                                         valid)
from instagram.models import ProfileState

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
TAGS = ["instagram profiles"]
GONE = (ProfileState.NOT_FOUND, ProfileState.DELETED)
# one bound serializer for every answer: binding fields per request (deep copies) is most of DRF's cost
PROFILE = ProfileSerializer()


def _docs(operation_id: str, summary: str, *extra):
    return extend_schema(
        operation_id=operation_id, tags=TAGS, summary=summary, parameters=[PLATFORM, ProfileQuery, *extra],
        responses={200: ProfileAnswerSerializer, 202: ACCEPTED, **documented_errors(400, 403, 404, 502)},
    )


class _ProfileView(InstagramView):
    def serve(self, request, *, lookup, by: str, value: str, max_age: timedelta):
        """Answer the stored profile when fresh, else refresh it by handle or id (`by`) and answer."""
        query = valid(ProfileQuery, request.query_params)
        full = query["full_refresh"]
        row = lookup()
        if row is not None and not refresh.Freshness.of(query, max_age).needs_refresh(selectors.last_checked(row)):
            return profile_response(row, full=full)
        task = refreshed(request, query, *refresh_flow(by, value, full=full),
                         limits=profile_refresh_limits("INSTAGRAM", by, value))
        if task.status not in FINISHED:
            return accepted(task)
        row = lookup()
        if refresh.found(task, "private"):
            return private_response(row, by, value)
        if task.status not in refresh.SUCCEEDED or row is None:
            raise refresh.RefreshFailed(task)
        return profile_response(row, full=full)


def refresh_flow(by: str, value: str, *, full: bool) -> tuple[str, dict]:
    """The FastAPI Beat's flows: the profile alone (refresh_profile_basic), or with posts and reels."""
    if by == "handle":
        return ("refresh_profile_by_handle" if full else "refresh_profile_basic"), {"handle": value}
    return ("refresh_profile_by_profile_id" if full else "refresh_profile_basic"), {"profile_id": value}


def profile_response(row: dict, *, full: bool) -> Response:
    if row["state"] in GONE:
        raise NotFound(f"No Instagram account @{row['handle'] or row['profile_id']} ({row['state']}).",
                       details={"handle": row["handle"], "profile_id": row["profile_id"], "state": row["state"]})
    return Response({"profile": PROFILE.to_representation(selectors.profile_answer(row, full=full))})


def private_response(row: dict | None, by: str, value: str) -> Response:
    """A private account: what is stored (null where unknown, never zero) with state private."""
    if row is None:
        row = {name: None for name in selectors.PROFILE_COLUMNS}
        row[by if by == "handle" else "profile_id"] = value
    return profile_response({**row, "state": ProfileState.PRIVATE, "is_private": True}, full=False)


class ProfileByHandleView(_ProfileView):
    @_docs("get_profile_by_handle", "An Instagram profile by handle (refreshed when older than a day)")
    def get(self, request, platform, handle):
        handle = valid(HandlePath, {"handle": handle})["handle"]
        store_given_token(request, handle)  # the FastAPI Beat's clients may send the handle's token here too
        return self.serve(request, lookup=lambda: selectors.account_by_handle(handle), by="handle", value=handle,
                          max_age=DAY)


class SocialProfileServiceView(ProfileByHandleView):
    """The FastAPI Beat's older path for the same answer."""

    @_docs("get_social_profile_by_handle", "Alias of GET /profiles/{platform}/byhandle/{handle}")
    def get(self, request, platform, handle):
        return super().get(request, platform, handle)


class ProfileByProfileIdView(_ProfileView):
    @_docs("get_profile_by_profile_id", "An Instagram profile by its Instagram user id (refreshed after a week)")
    def get(self, request, platform, profile_id):
        profile_id = valid(ProfileIdPath, {"profile_id": profile_id})["profile_id"]
        return self.serve(request, lookup=lambda: selectors.account_by_profile_id(profile_id), by="id",
                          value=profile_id, max_age=WEEK)


class ProfileByIdView(_ProfileView):
    @_docs("get_profile_by_id", "An Instagram profile by Beat's own id",
           OpenApiParameter("id", int, OpenApiParameter.PATH, description="instagram_account.id"))
    def get(self, request, platform, id):
        row = selectors.account_by_id(id)
        if row is None:
            raise NotFound(f"No Instagram account with id {id}.", details={"id": id})
        # refreshed by its Instagram id when known (a week), else by its handle (a day)
        if row["profile_id"]:
            by, value, max_age = "id", row["profile_id"], WEEK
        else:
            by, value, max_age = "handle", row["handle"], DAY
        stored = iter([row])  # the row just read serves the freshness check; later reads go to the database
        return self.serve(request, lookup=lambda: next(stored, None) or selectors.account_by_id(id), by=by,
                          value=value, max_age=max_age)

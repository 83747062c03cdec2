"""The YouTube routes: channels by @handle or id, their history, videos, and a handle's channel id.

Stored data while fresh (a day, or max_age), else a refresh task of the caller's account that the view
waits for (beat.api.refresh), past the stacked per-channel limits. A handle never seen is looked up at
once through channels.list forHandle (one call, one quota unit): that answer is the whole channel.
"""
from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff
from beat.api import refresh
from beat.api.refresh import accepted, account_of, valid
from beat.api.serializers import TaskSerializer
from beat.api.views._docs import errors
from beat.errors import NotFound, RateLimited
from beat.models import FINISHED
from beat.ratelimit import acquire, profile_refresh_limits
from youtube.api import selectors
from youtube.api.serializers import (ChannelAnswerSerializer, ChannelIdAnswerSerializer, ChannelIdPath,
                                     ChannelKeyPath, ChannelSerializer, ChannelHistoryQuery, ChannelHistorySerializer,
                                     RecentQuery, YoutubeRefreshQuery, VideoAnswerSerializer, VideoIdPath,
                                     VideoListSerializer, VideoSerializer, VideoTypePath)
from youtube.flows.profiles import channel_for_handle
from youtube.models import ChannelState

DAY = timedelta(days=1)
PLATFORM = OpenApiParameter("youtube", str, OpenApiParameter.PATH,
                            description="The platform: YOUTUBE (case-insensitive).")
ACCEPTED = OpenApiResponse(TaskSerializer, description="The refresh task, still running; poll it.")
CHANNEL, VIDEO = ChannelSerializer(), VideoSerializer()
GONE = (ChannelState.NOT_FOUND, ChannelState.DELETED)


def _docs(operation_id, summary, *, query=YoutubeRefreshQuery, answer=ChannelAnswerSerializer,
          tags=("youtube channels",)):
    return extend_schema(operation_id=operation_id, summary=summary, tags=list(tags),
                         parameters=[PLATFORM, query],
                         responses={200: answer, 202: ACCEPTED, **errors(400, 404)})


class YoutubeView(APIView):
    permission_classes = [IsClientOrStaff]


def fresh(row: dict | None, query: dict) -> bool:
    return row is not None and not refresh.Freshness.of(query, DAY).needs_refresh(row["refreshed_at"])


def refreshed(request, query, flow: str, params: dict, *, limits=None):
    """The refresh task, ended; or a 202 Response when it is not done (async=1, or past the wait)."""
    task = refresh.start(flow, params, account=account_of(request), limits=limits)
    if not query["async"]:
        task = refresh.wait(task)
    if query["async"] or task.status not in FINISHED:
        return accepted(task)
    if task.status not in refresh.SUCCEEDED:
        raise refresh.RefreshFailed(task)
    return task


def channel_answer(row: dict | None, key: str) -> Response:
    if row is None or row["state"] in GONE:
        state = row["state"] if row else ChannelState.NOT_FOUND
        raise NotFound(f"No YouTube channel {key} ({state}).", details={"channel": key, "state": state})
    return Response({"profile": CHANNEL.to_representation(row)})


class ChannelView(YoutubeView):
    def serve(self, request, by: str, value: str) -> Response:
        query = valid(YoutubeRefreshQuery, request.query_params)
        row = selectors.channel_by_id(value) if by == "id" else selectors.channel_by_handle(value)
        if fresh(row, query):
            return channel_answer(row, value)
        if row is None and by == "handle":
            return channel_answer(resolve_handle(value), "@" + value)
        channel_id = row["channel_id"] if row else value
        task = refreshed(request, query, "refresh_yt_profiles", {"channel_ids": [channel_id]},
                         limits=profile_refresh_limits("YOUTUBE", "id", channel_id))
        if isinstance(task, Response):
            return task
        return channel_answer(selectors.channel_by_id(channel_id), value)


def resolve_handle(handle: str) -> dict | None:
    """channels.list forHandle, now (past the per-handle limits): stores the channel it answers."""
    decision = acquire(profile_refresh_limits("YOUTUBE", "handle", handle))
    if not decision.allowed:
        raise RateLimited(f"Too many lookups of @{handle}; retry in {max(1, round(decision.retry_after))} s.",
                          retry_after=decision.retry_after)
    try:
        record = channel_for_handle(None, handle)
    except NotFound:
        return None
    return selectors.channel_by_id(record.channel_id)


class ChannelByHandleView(ChannelView):
    @_docs("get_youtube_channel_by_handle", "A YouTube channel by @handle or channel id")
    def get(self, request, youtube, handle):
        by, value = valid(ChannelKeyPath, {"handle": handle})["handle"]
        return self.serve(request, by, value)


class SocialProfileServiceView(ChannelByHandleView):
    @_docs("get_youtube_social_profile_by_handle", "Alias of GET /profiles/YOUTUBE/byhandle/{handle}")
    def get(self, request, youtube, handle):
        return super().get(request, youtube, handle)


class ChannelByIdView(ChannelView):
    @_docs("get_youtube_channel_by_id", "A YouTube channel by channel id")
    def get(self, request, youtube, channel_id):
        return self.serve(request, "id", valid(ChannelIdPath, {"channel_id": channel_id})["channel_id"])


class ChannelByProfileIdView(ChannelByIdView):
    @_docs("get_youtube_channel_by_profile_id", "A YouTube channel by channel id (the profile id of YouTube)")
    def get(self, request, youtube, channel_id):
        return super().get(request, youtube, channel_id)


class ChannelIdByHandleView(YoutubeView):
    @extend_schema(operation_id="get_youtube_channel_id_by_handle", tags=["youtube channels"],
                   summary="The channel id of a YouTube @handle (channels.list forHandle, asked at once)",
                   responses={200: ChannelIdAnswerSerializer, **errors(400, 404, 502)})
    def get(self, request, handle):
        by, value = valid(ChannelKeyPath, {"handle": handle})["handle"]
        row = selectors.channel_by_handle(value) if by == "handle" else selectors.channel_by_id(value)
        if row is None and by == "handle":
            row = resolve_handle(value)
        if row is None or row["state"] in GONE:
            raise NotFound(f"No YouTube channel has the handle @{value}.", details={"handle": value})
        return Response({"handle": row["handle"] or value, "channel_id": row["channel_id"], "title": row["title"]})


class ChannelHistoryView(YoutubeView):
    @extend_schema(operation_id="get_youtube_channel_history", tags=["youtube channels"],
                   summary="A channel's subscribers, views and uploads over time",
                   parameters=[PLATFORM, ChannelHistoryQuery],
                   responses={200: ChannelHistorySerializer, **errors(400, 404)})
    def get(self, request, youtube, handle):
        by, value = valid(ChannelKeyPath, {"handle": handle})["handle"]
        query = valid(ChannelHistoryQuery, request.query_params)
        row = selectors.channel_by_id(value) if by == "id" else selectors.channel_by_handle(value)
        if row is None:
            raise NotFound(f"No YouTube channel {value} is stored.", details={"channel": value})
        data = selectors.channel_history(row["channel_id"], timezone.now() - timedelta(days=query["days"]))
        answer = {"channel_id": row["channel_id"], "count": len(data), "data": data}
        return Response(ChannelHistorySerializer(answer).data)


class VideoView(YoutubeView):
    def serve(self, request, shortcode: str, *, post_type: str | None = None) -> Response:
        query = valid(YoutubeRefreshQuery, request.query_params)
        row = selectors.video(shortcode)
        if not fresh(row, query):
            task = refreshed(request, query, "refresh_yt_posts", {"post_ids": [shortcode]})
            if isinstance(task, Response):
                return task
            row = selectors.video(shortcode)
        if row is None or (post_type and row["post_type"] != post_type):
            raise NotFound(f"No YouTube {post_type or 'video'} {shortcode}.", details={"shortcode": shortcode})
        return Response({"post": VIDEO.to_representation(row)})


class VideoByShortcodeView(VideoView):
    @_docs("get_youtube_video", "A YouTube video by id", answer=VideoAnswerSerializer, tags=("youtube videos",))
    def get(self, request, youtube, shortcode):
        return self.serve(request, valid(VideoIdPath, {"shortcode": shortcode})["shortcode"])


class VideoByTypeView(VideoView):
    @_docs("get_youtube_video_by_type", "A YouTube short or video by id", answer=VideoAnswerSerializer,
           tags=("youtube videos",))
    def get(self, request, youtube, post_type, shortcode):
        path = valid(VideoTypePath, {"shortcode": shortcode, "post_type": post_type})
        return self.serve(request, path["shortcode"], post_type=path["post_type"])


class RecentVideosView(YoutubeView):
    @extend_schema(operation_id="get_youtube_recent_videos", tags=["youtube videos"],
                   summary="A channel's latest stored videos", parameters=[PLATFORM, RecentQuery],
                   responses={200: VideoListSerializer, **errors(400, 404)})
    def get(self, request, youtube, channel_id):
        channel_id = valid(ChannelIdPath, {"channel_id": channel_id})["channel_id"]
        limit = valid(RecentQuery, request.query_params)["limit"]
        return Response({"data": [VIDEO.to_representation(v) for v in selectors.recent_videos(channel_id, limit)]})

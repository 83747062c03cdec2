"""GET /posts/{platform}/byshortcode/{shortcode}, /posts/{platform}/{post_type}/{shortcode} and
/recent/posts/{platform}/byprofileid/{profile_id}: answer key `post`, or `data` for lists."""
from datetime import timedelta

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from beat.api import refresh
from beat.errors import NotFound
from beat.models import FINISHED
from instagram import selectors
from instagram.api.serializers import (PostAnswerSerializer, PostListSerializer, PostOfProfileQuery, PostQuery,
                                       PostSerializer, PostTypePath, ProfileIdPath, RecentPostsQuery,
                                       ShortcodePath)
from instagram.api.views._common import (ACCEPTED, PLATFORM, InstagramView, accepted, documented_errors, refreshed,
                                         valid)
from instagram.models import PostType

DAY = timedelta(days=1)
TAGS = ["instagram posts"]
POST = PostSerializer()
REFRESH_FLOW = "refresh_post_by_shortcode"


def _one_post_docs(operation_id: str, summary: str, query, *extra):
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         parameters=[PLATFORM, query, *extra],
                         responses={200: PostAnswerSerializer, 202: ACCEPTED, **documented_errors(400, 404, 502)})


class _PostView(InstagramView):
    def serve(self, request, query: dict, shortcode: str, *, matches=lambda row: True, refreshable=True):
        """The stored post when fresh (a day, or max_age), else refreshed by shortcode and answered."""
        row = selectors.post_by_shortcode(shortcode)
        if row is not None and not matches(row):
            _not_found(shortcode)  # another type or owner: refreshing would not make it this one
        fresh = row is not None and not refresh.Freshness.of(query, DAY).needs_refresh(row["refreshed_at"])
        if not fresh and refreshable:
            task = refreshed(request, query, REFRESH_FLOW, {"shortcode": shortcode})
            if task.status not in FINISHED:
                return accepted(task)
            if task.status not in refresh.SUCCEEDED:
                raise refresh.RefreshFailed(task)
            row = selectors.post_by_shortcode(shortcode)
        if row is None or not matches(row):
            _not_found(shortcode)
        return Response({"post": POST.to_representation(
            selectors.post_answer(row, followers=selectors.followers_of(row["profile_id"])))})


def _not_found(shortcode: str):
    raise NotFound(f"No Instagram post {shortcode!r} here.", details={"shortcode": shortcode})


class PostByShortcodeView(_PostView):
    @_one_post_docs("get_post_by_shortcode", "An Instagram post by shortcode (refreshed when older than a day)",
                    PostQuery)
    def get(self, request, platform, shortcode):
        shortcode = valid(ShortcodePath, {"shortcode": shortcode})["shortcode"]
        # handle and third_party_fallback are the FastAPI Beat's; the flow needs the shortcode alone
        return self.serve(request, valid(PostQuery, request.query_params), shortcode)


class PostByTypeView(_PostView):
    @_one_post_docs("get_post_by_type", "An Instagram post of a type (image, carousel, reels, story)",
                    PostOfProfileQuery,
                    OpenApiParameter("post_type", str, OpenApiParameter.PATH, enum=PostType.values))
    def get(self, request, platform, post_type, shortcode):
        path = valid(PostTypePath, {"post_type": post_type, "shortcode": shortcode})
        query = valid(PostOfProfileQuery, request.query_params)
        owner = query.get("profile_id")

        def matches(row):
            return row["post_type"] == path["post_type"] and (not owner or row["profile_id"] == owner)

        # a story cannot be fetched again by its id alone: stories are stored by the stories flows
        return self.serve(request, query, path["shortcode"], matches=matches,
                          refreshable=path["post_type"] != PostType.STORY)


class RecentPostsView(InstagramView):
    @extend_schema(operation_id="get_recent_posts", tags=TAGS, summary="A profile's latest stored posts",
                   parameters=[PLATFORM, RecentPostsQuery], responses={200: PostListSerializer,
                                                                       **documented_errors(400, 404)})
    def get(self, request, platform, profile_id):
        profile_id = valid(ProfileIdPath, {"profile_id": profile_id})["profile_id"]
        query = valid(RecentPostsQuery, request.query_params)
        posts = selectors.recent_posts(profile_id, followers=selectors.followers_of(profile_id), limit=query["limit"],
                                     post_type=query.get("post_type"))
        return Response({"data": PostSerializer(posts, many=True).data})

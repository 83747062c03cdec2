"""Post collections (a client's own; staff see all) and sentiment shares of posts and profiles."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff, is_client, staff_may
from beat.api.views._docs import errors
from enrichment.api.serializers import (PLATFORMS, CollectionDetailSerializer, CollectionInSerializer,
                                        CollectionListSerializer, CollectionOutSerializer, PostsInSerializer,
                                        SharesAnswerSerializer)
from accounts.models import Account
from enrichment.models import PostCollection
from enrichment.selectors import collection_shares, post_shares, profile_shares, shares_by_post
from enrichment.services.collections import collection_add_posts, collection_create, collection_remove_post

TAGS = ["post collections and sentiment"]
LISTED = 500
# staff powers over every account's collections: the admin's model permissions
VIEW, ADD, CHANGE, DELETE = (f"enrichment.{action}_postcollection" for action in ("view", "add", "change", "delete"))


def visible_collections(user, perm: str = VIEW):
    """A key's own account's collections; all of them for staff holding `perm`. Another account's
    collection is simply not there (404), as with tasks."""
    collections = PostCollection.objects.select_related("account")
    if is_client(user):
        return collections.filter(account=user.account)
    return collections.all() if staff_may(user, perm) else collections.none()


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _platform(platform: str) -> str:
    name = platform.upper()
    if name not in PLATFORMS:
        raise NotFound(f"Unknown platform {platform!r}.")
    return name


class CollectionListView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="list_post_collections", tags=TAGS,
                   responses={200: CollectionListSerializer, **errors()})
    def get(self, request):
        rows = visible_collections(request.user).prefetch_related("items")[:LISTED]
        return Response({"data": CollectionOutSerializer(rows, many=True).data})

    @extend_schema(operation_id="create_post_collection", tags=TAGS, request=CollectionInSerializer,
                   responses={201: CollectionOutSerializer, **errors(400, 403)})
    def post(self, request):
        body = _valid(CollectionInSerializer, request.data)
        account = _account(request, body.get("account"))
        collection = collection_create(account=account, name=body["name"], platform=body["platform"],
                                       shortcodes=body.get("shortcodes") or [])
        return Response(CollectionOutSerializer(collection).data, status=status.HTTP_201_CREATED)


def _account(request, slug):
    if is_client(request.user):
        if slug not in (None, request.user.account.slug):
            raise PermissionDenied("A key makes collections for its own account only.")
        return request.user.account
    if not staff_may(request.user, ADD):
        raise PermissionDenied(f"Only staff with the {ADD} permission may make collections.")
    if not slug:
        raise PermissionDenied("Staff name the account the collection is for (account).")
    return get_object_or_404(Account.objects.all(), slug=slug)


class CollectionDetailView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_post_collection", tags=TAGS,
                   responses={200: CollectionDetailSerializer, **errors(404)})
    def get(self, request, collection_id):
        collection = get_object_or_404(visible_collections(request.user), pk=collection_id)
        collection.sentiment = collection_shares(collection)
        collection.sentiment_by_post = shares_by_post(collection)
        return Response(CollectionDetailSerializer(collection).data)

    @extend_schema(operation_id="delete_post_collection", tags=TAGS, responses={204: None, **errors(404)})
    def delete(self, request, collection_id):
        get_object_or_404(visible_collections(request.user, DELETE), pk=collection_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CollectionPostsView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="add_collection_posts", tags=TAGS, request=PostsInSerializer,
                   responses={200: CollectionOutSerializer, **errors(400, 404)})
    def post(self, request, collection_id):
        collection = get_object_or_404(visible_collections(request.user, CHANGE), pk=collection_id)
        collection_add_posts(collection=collection, shortcodes=_valid(PostsInSerializer, request.data)["shortcodes"])
        return Response(CollectionOutSerializer(collection).data)


class CollectionPostView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="remove_collection_post", tags=TAGS, responses={204: None, **errors(404)})
    def delete(self, request, collection_id, shortcode):
        collection = get_object_or_404(visible_collections(request.user, CHANGE), pk=collection_id)
        if not collection_remove_post(collection=collection, shortcode=shortcode):
            raise NotFound(f"{shortcode} is not in this collection.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostSentimentView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_post_sentiment", tags=TAGS, responses={200: SharesAnswerSerializer})
    def get(self, request, platform, shortcode):
        return Response({"data": post_shares(_platform(platform), shortcode)})


class ProfileSentimentView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_profile_sentiment", tags=TAGS, responses={200: SharesAnswerSerializer})
    def get(self, request, platform, profile_id):
        if _platform(platform) != "INSTAGRAM":
            raise NotFound("Profile sentiment is served for INSTAGRAM only for now.")
        return Response({"data": profile_shares(profile_id)})

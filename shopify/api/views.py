"""GET /shopify/stores, /shopify/stores/{store}/orders and /shopify/stores/{store}/orders/summary.
A store is seen only by its account and staff."""
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff
from beat.api.views._docs import errors
from beat.errors import InvalidParams
from shopify import selectors
from shopify.api.serializers import (OrderPageSerializer, OrdersQuery, StoreSerializer, SummaryQuery,
                                     SummarySerializer)
from shopify.providers import shop_domain

TAGS = ["shopify"]


class OrderPage(PageNumberPagination):
    page_size = 50
    page_size_query_param = "size"
    max_page_size = 250


class StoreListView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="list_shopify_stores", tags=TAGS, summary="The caller's Shopify stores",
                   responses={200: StoreSerializer(many=True), **errors(401, 403)})
    def get(self, request):
        return Response({"data": StoreSerializer(selectors.visible_stores(request.user), many=True).data})


class StoreOrdersView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="list_shopify_orders", tags=TAGS, parameters=[OrdersQuery],
                   summary="A store's orders, newest first, with their line items",
                   responses={200: OrderPageSerializer, **errors(400, 401, 403, 404)})
    def get(self, request, store):
        shop = selectors.store_get(request.user, _shop(store))
        filters = _valid(OrdersQuery, request.query_params)
        paginator = OrderPage()
        orders = paginator.paginate_queryset(selectors.order_list(shop, filters), request, view=self)
        return Response(OrderPageSerializer({
            "store": shop.shop, "count": paginator.page.paginator.count, "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(), "data": orders}).data)


class StoreSummaryView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="summarize_shopify_orders", tags=TAGS, parameters=[SummaryQuery],
                   summary="Orders and revenue per day (UTC) and currency",
                   responses={200: SummarySerializer, **errors(400, 401, 403, 404)})
    def get(self, request, store):
        shop = selectors.store_get(request.user, _shop(store))
        days = selectors.order_summary(shop, _valid(SummaryQuery, request.query_params))
        return Response(SummarySerializer({"store": shop.shop, "data": days}).data)


def _shop(value: str) -> str:
    try:
        return shop_domain(value)
    except InvalidParams as exc:
        raise ValidationError({"store": exc.details["shop"]}) from None


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data

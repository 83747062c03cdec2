"""What the Shopify routes take and answer."""
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers as s

from shopify.models import Order, OrderLineItem, ShopifyStore


@extend_schema_field(OpenApiTypes.DECIMAL)
class Money(s.Field):
    """A decimal string with at least two decimals ("89.90", "0.125"), as Shopify writes money."""

    def to_representation(self, value):
        if value is None:
            return None
        value = Decimal(value).normalize()
        return str(value.quantize(Decimal("0.01")) if value.as_tuple().exponent > -2 else value)


class OrdersQuery(s.Serializer):
    created_at_min = s.DateTimeField(required=False)
    created_at_max = s.DateTimeField(required=False)
    updated_at_min = s.DateTimeField(required=False)
    status = s.CharField(required=False, max_length=40, help_text="The first fulfillment's status.")
    financial_status = s.CharField(required=False, max_length=40)
    fulfillment_status = s.CharField(required=False, max_length=40)


class SummaryQuery(s.Serializer):
    created_at_min = s.DateTimeField(required=False)
    created_at_max = s.DateTimeField(required=False)


class StoreSerializer(s.ModelSerializer):
    account = s.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ShopifyStore
        fields = ["shop", "account", "watermark", "last_synced_at", "last_status"]


class LineItemSerializer(s.ModelSerializer):
    price = Money()

    class Meta:
        model = OrderLineItem
        fields = ["line_item_id", "product_id", "variant_id", "title", "variant_title", "sku", "vendor", "quantity",
                  "price"]


class OrderSerializer(s.ModelSerializer):
    total_price, subtotal_price, total_tax, total_discounts = Money(), Money(), Money(), Money()
    line_items = LineItemSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["platform", "platform_order_id", "store", "store_name", "name", "order_number", "status",
                  "financial_status", "fulfillment_status", "currency", "total_price", "subtotal_price", "total_tax",
                  "total_discounts", "landing_site", "utm_params", "customer_id", "customer_email", "customer_name",
                  "created_at", "updated_at", "processed_at", "cancelled_at", "line_items"]


class OrderPageSerializer(s.Serializer):
    store = s.CharField()
    count = s.IntegerField()
    next = s.URLField(allow_null=True)
    previous = s.URLField(allow_null=True)
    data = OrderSerializer(many=True)


class DaySerializer(s.Serializer):
    date = s.DateField(source="day")
    currency = s.CharField(allow_null=True)
    orders = s.IntegerField(help_text="Orders not cancelled.")
    cancelled = s.IntegerField()
    revenue = Money(help_text="The total_price of the orders not cancelled.")


class SummarySerializer(s.Serializer):
    store = s.CharField()
    data = DaySerializer(many=True)

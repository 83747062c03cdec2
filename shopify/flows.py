"""Shopify flows. Placeholder until the Shopify work lands."""
from rest_framework import serializers as s

from beat.flows import placeholder
from beat.flows.params import schema

Orders = schema("OrdersByStoreParams",
                store=s.RegexField(r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$", max_length=255,
                                   help_text="The shop domain, e.g. example.myshopify.com"),
                limit=s.IntegerField(required=False, min_value=1, max_value=250),
                updated_at_min=s.DateTimeField(required=False), created_at_min=s.DateTimeField(required=False),
                created_at_max=s.DateTimeField(required=False))

placeholder("refresh_orders_by_store", params=Orders, platform="SHOPIFY", queue="shopify")

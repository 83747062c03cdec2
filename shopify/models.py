"""Shopify stores and their orders: the FastAPI Beat's "order" table, with line items beside it."""
from django.db import models
from django.utils import timezone

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}


class ShopifyStore(models.Model):
    """A connected shop: whose it is, and how far its orders are synced."""

    shop = models.CharField(max_length=255, unique=True, help_text="The shop domain, <name>.myshopify.com.")
    account = models.ForeignKey("accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="shopify_stores",
                                help_text="The client account that sees this store; none: staff only.")
    credential = models.ForeignKey("credentials.Credential", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The token that last read its orders.")
    watermark = models.DateTimeField(null=True, blank=True,
                                     help_text="Every order updated before this is stored; the next sync "
                                               "asks for orders updated since (minus an overlap).")
    # A walk cut short: where it stopped ({"query", "next_url", "started_at", "pages", "fetched"}), so the
    # next run of the same query goes on from there.
    resume = models.JSONField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=12, blank=True, default="")
    last_result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "shopify_store"
        ordering = ["shop"]

    def __str__(self):
        return self.shop


class Order(models.Model):
    platform = models.CharField(max_length=20, default="SHOPIFY")
    platform_order_id = models.CharField(max_length=64, unique=True)
    # `store` is the shop domain as the FastAPI Beat stored it; `shop` the store row it belongs to.
    store = models.CharField(max_length=255)
    shop = models.ForeignKey(ShopifyStore, on_delete=models.CASCADE, related_name="orders")
    name = models.CharField(max_length=64, blank=True, default="", help_text='"#1042"')
    order_number = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=40, null=True, blank=True, help_text="The first fulfillment's status.")
    financial_status = models.CharField(max_length=40, null=True, blank=True)
    fulfillment_status = models.CharField(max_length=40, null=True, blank=True)
    currency = models.CharField(max_length=3, null=True, blank=True)
    total_price = models.DecimalField(**MONEY)
    subtotal_price = models.DecimalField(**MONEY)
    total_tax = models.DecimalField(**MONEY)
    total_discounts = models.DecimalField(**MONEY)
    landing_site = models.TextField(null=True, blank=True)
    utm_params = models.JSONField(default=dict, blank=True, help_text="landing_site's utm_* parameters.")
    store_name = models.CharField(max_length=255, null=True, blank=True, help_text="The first line item's vendor.")
    customer_id = models.CharField(max_length=64, null=True, blank=True)
    customer_email = models.CharField(max_length=255, null=True, blank=True)
    customer_name = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(help_text="Shopify's.")
    updated_at = models.DateTimeField(help_text="Shopify's.")
    processed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    order_data = models.JSONField(help_text="The order as Shopify answered it.")
    parser_version = models.PositiveSmallIntegerField(default=1)
    first_stored_at = models.DateTimeField(default=timezone.now)
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "order"
        indexes = [models.Index(fields=["shop", "-created_at"], name="order_shop_created_idx")]

    def __str__(self):
        return f"{self.store} {self.name or self.platform_order_id}"


class OrderLineItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="line_items")
    line_item_id = models.CharField(max_length=64, unique=True)
    product_id = models.CharField(max_length=64, null=True, blank=True)
    variant_id = models.CharField(max_length=64, null=True, blank=True)
    title = models.CharField(max_length=255, blank=True, default="")
    variant_title = models.CharField(max_length=255, null=True, blank=True)
    sku = models.CharField(max_length=255, null=True, blank=True)
    vendor = models.CharField(max_length=255, null=True, blank=True)
    quantity = models.IntegerField(default=0)
    price = models.DecimalField(**MONEY)

    class Meta:
        db_table = "order_line_item"

    def __str__(self):
        return f"{self.title} x {self.quantity}"

"""Shopify in the admin: stores with their sync position and a "sync now" action; orders, read-only,
with their line items inline. Actions go through the queue, nothing else."""
from django.contrib import admin, messages

from beat.admin.display import pretty_json
from beat.errors import BeatError
from beat.queue import services as queue
from shopify.models import Order, OrderLineItem, ShopifyStore


@admin.register(ShopifyStore)
class ShopifyStoreAdmin(admin.ModelAdmin):
    list_display = ("shop", "account", "watermark", "last_synced_at", "last_status", "resuming")
    list_filter = ("last_status", "account")
    search_fields = ("shop",)
    raw_id_fields = ("credential",)
    actions = ("sync_now",)
    readonly_fields = ("watermark", "resume_json", "last_synced_at", "last_status", "last_result_json",
                       "created_at", "updated_at")
    fields = ("shop", "account", "credential", *readonly_fields)

    @admin.display(boolean=True, description="cut short, resumes")
    def resuming(self, store):
        return bool(store.resume)

    @admin.display(description="resume point")
    def resume_json(self, store):
        return pretty_json(store.resume)

    @admin.display(description="last result")
    def last_result_json(self, store):
        return pretty_json(store.last_result)

    @admin.action(description="Sync orders now")
    def sync_now(self, request, queryset):
        tasks = []
        for store in queryset:
            try:
                task, _ = queue.submit("refresh_orders_by_store", {"store": store.shop}, priority=5)
            except BeatError as exc:
                self.message_user(request, f"{store.shop}: {exc.message}", messages.ERROR)
                continue
            tasks.append(f"#{task.pk}")
        if tasks:
            self.message_user(request, f"Sync queued: task {', '.join(tasks)}.", messages.SUCCESS)


class LineItemInline(admin.TabularInline):
    model = OrderLineItem
    fields = ("title", "variant_title", "sku", "vendor", "quantity", "price", "product_id", "variant_id",
              "line_item_id")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("name", "store", "created_at", "financial_status", "fulfillment_status", "total_price",
                    "currency", "customer_email")
    list_filter = ("financial_status", "fulfillment_status", "currency", "store")
    search_fields = ("=platform_order_id", "name", "customer_email", "=store")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    inlines = (LineItemInline,)
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("order_json",)
    exclude = ("order_data",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("order_data")

    def get_readonly_fields(self, request, obj=None):
        return [*(f.name for f in self.model._meta.concrete_fields if f.name != "order_data"), "order_json"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="order as Shopify answered it")
    def order_json(self, order):
        return pretty_json(order.order_data)

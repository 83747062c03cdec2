"""The read side: which stores a caller sees, a store's orders and their daily summary."""
from datetime import timezone as tz

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from accounts.auth import is_client, is_staff
from beat.errors import NotFound
from shopify.models import Order, OrderLineItem, ShopifyStore

ORDER_FILTERS = {"created_at_min": "created_at__gte", "created_at_max": "created_at__lte",
                 "updated_at_min": "updated_at__gte", "status": "status", "financial_status": "financial_status",
                 "fulfillment_status": "fulfillment_status"}


def visible_stores(user) -> QuerySet:
    """Staff see every store; a client its own account's only; nobody else any."""
    stores = ShopifyStore.objects.select_related("account")
    if is_staff(user):
        return stores.all()
    if is_client(user):
        return stores.filter(account=user.account)
    return stores.none()


def store_get(user, shop: str) -> ShopifyStore:
    store = visible_stores(user).filter(shop=shop).first()
    if store is None:  # another account's store reads as unknown, never as forbidden
        raise NotFound(f"No Shopify store {shop} for this account.", details={"store": shop})
    return store


def order_list(store: ShopifyStore, filters: dict) -> QuerySet:
    """Newest first, with their line items (one more query per page, not per order)."""
    orders = Order.objects.filter(shop=store, **{ORDER_FILTERS[k]: v for k, v in filters.items()
                                                 if k in ORDER_FILTERS and v not in (None, "")})
    items = Prefetch("line_items", queryset=OrderLineItem.objects.order_by("id"))
    return orders.defer("order_data").prefetch_related(items).order_by("-created_at", "-id")


def order_summary(store: ShopifyStore, filters: dict) -> list[dict]:
    """Orders and revenue (total_price) per day of creation (UTC) and currency; cancelled orders are
    counted apart and add no revenue."""
    orders = Order.objects.filter(shop=store, **{ORDER_FILTERS[k]: v for k, v in filters.items()
                                                 if k in ("created_at_min", "created_at_max") and v})
    rows = (orders.annotate(day=TruncDate("created_at", tzinfo=tz.utc)).values("day", "currency")
            .annotate(orders=Count("id", filter=_not_cancelled()), cancelled=Count("id", filter=~_not_cancelled()),
                      revenue=Sum("total_price", filter=_not_cancelled()))
            .order_by("day", "currency"))
    return list(rows)


def _not_cancelled() -> Q:
    return Q(cancelled_at__isnull=True)

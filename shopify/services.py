"""Writes of stores and orders, keyword-only. A page of orders is stored in one transaction with the
store's sync position, so a position never points past orders that were not stored."""
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from beat.errors import InvalidParams
from credentials.models import Credential
from shopify import events
from shopify.models import Order, OrderLineItem, ShopifyStore
from shopify.parsers import PARSER_VERSION, OrderRecord

ORDER_FIELDS = ("platform", "platform_order_id", "store", "shop", "name", "order_number", "status",
                "financial_status", "fulfillment_status", "currency", "total_price", "subtotal_price", "total_tax",
                "total_discounts", "landing_site", "utm_params", "store_name", "customer_id", "customer_email",
                "customer_name", "created_at", "updated_at", "processed_at", "cancelled_at", "order_data",
                "parser_version", "first_stored_at", "synced_at")
LINE_ITEM_FIELDS = ("product_id", "variant_id", "title", "variant_title", "sku", "vendor", "quantity", "price")
BATCH = 500  # orders per statement: 28 parameters each, far below every backend's limit


@dataclass(frozen=True)
class OrderCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # stored already with the same or a later updated_at
    events: int = 0

    def __add__(self, other: "OrderCounts") -> "OrderCounts":
        return OrderCounts(self.created + other.created, self.updated + other.updated,
                           self.unchanged + other.unchanged, self.events + other.events)


def store_for_sync(*, shop: str, account_id: int | None) -> ShopifyStore:
    """The store row a sync writes to. A client's task never syncs another account's store (nor a
    staff-only one): it reads as unknown. A shop seen for the first time is an unsaved row, stored with
    its first page of orders (store_claim), so a sync that read nothing claims nothing."""
    store = ShopifyStore.objects.filter(shop=shop).first()
    if store is None:
        return ShopifyStore(shop=shop, account_id=account_id)
    _check_account(store, account_id)
    return store


def store_claim(*, store: ShopifyStore, credential_id: int | None) -> ShopifyStore:
    """Save a new store: it belongs to the account whose task read it, else (a staff or system task)
    to the account that owns the token that answered, else to nobody (staff only)."""
    owner = store.account_id
    if owner is None and credential_id is not None:
        owner = Credential.objects.filter(id=credential_id).values_list("account_id", flat=True).first()
    saved, created = ShopifyStore.objects.get_or_create(shop=store.shop, defaults={"account_id": owner})
    if not created:  # another task claimed it meanwhile
        _check_account(saved, store.account_id)
    store.pk, store.account_id, store._state.adding = saved.pk, saved.account_id, False
    return store


def _check_account(store: ShopifyStore, account_id: int | None) -> None:
    if account_id is not None and store.account_id != account_id:
        raise InvalidParams(f"No Shopify store {store.shop} is connected to this account.",
                            details={"store": ["Not a store of this account."]})


def orders_page_store(*, store: ShopifyStore, records: list[OrderRecord], resume: dict | None,
                      watermark: datetime | None = None, credential_id: int | None = None) -> OrderCounts:
    """Store one page of orders and, in the same transaction, where the walk goes on from (`resume`,
    None when it is done) and the new watermark when the walk finished."""
    with transaction.atomic():
        if store.pk is None:
            store_claim(store=store, credential_id=credential_id)
        counts = orders_upsert(store=store, records=records)
        changes = {"resume": resume, "updated_at": timezone.now()}
        if watermark is not None:  # never backwards (a slower concurrent walk may finish later)
            new = Value(watermark, output_field=DateTimeField())
            changes["watermark"] = Greatest(Coalesce(F("watermark"), new), new)
        if credential_id is not None:
            changes["credential_id"] = credential_id
        ShopifyStore.objects.filter(pk=store.pk).update(**changes)
    return counts


def store_sync_finish(*, store: ShopifyStore, status: str, result: dict) -> None:
    ShopifyStore.objects.filter(pk=store.pk).update(last_synced_at=timezone.now(), last_status=status,
                                                    last_result=result, updated_at=timezone.now())


def store_resume_drop(*, store: ShopifyStore) -> None:
    ShopifyStore.objects.filter(pk=store.pk).update(resume=None, updated_at=timezone.now())


def orders_upsert(*, store: ShopifyStore, records: list[OrderRecord]) -> OrderCounts:
    """Upsert orders on platform_order_id (an older copy never overwrites a newer one) with their line
    items, and emit one order_log_event per order written."""
    latest: dict[str, OrderRecord] = {}
    for record in records:  # a page can repeat an order: the latest copy wins
        kept = latest.get(record.platform_order_id)
        if kept is None or record.updated_at >= kept.updated_at:
            latest[record.platform_order_id] = record
    now = timezone.now()
    counts = OrderCounts()
    unique = list(latest.values())
    for start in range(0, len(unique), BATCH):
        counts += _upsert_batch(store, unique[start:start + BATCH], now)
    return counts


def _upsert_batch(store, records, now) -> OrderCounts:
    written = _orders_write(store, records, now)  # platform_order_id -> (id, inserted)
    changed = [r for r in records if r.platform_order_id in written]
    _line_items_write(changed, written)
    sent = events.emit([events.order_log_event(r, store=store.shop, timestamp=now) for r in changed],
                       account_id=store.account_id)
    created = sum(1 for _, inserted in written.values() if inserted)
    return OrderCounts(created, len(written) - created, len(records) - len(written), sent)


def _orders_write(store, records, now) -> dict[str, tuple[int, bool]]:
    meta = Order._meta
    fields = [meta.get_field(name) for name in ORDER_FIELDS]
    rows = [_order_row(store, r, now) for r in records]
    params = [f.get_db_prep_save(row[f.name], connection) for row in rows for f in fields]
    q = connection.ops.quote_name
    columns = ", ".join(q(f.column) for f in fields)
    updates = ", ".join(f"{q(f.column)} = EXCLUDED.{q(f.column)}" for f in fields
                        if f.name not in ("platform_order_id", "first_stored_at"))
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    # Only a newer copy is written (overlapping syncs re-read orders); an insert is told from an
    # update by its two stamps being equal.
    sql = (f"INSERT INTO {q(meta.db_table)} AS t ({columns}) VALUES {values} "
           f"ON CONFLICT ({q('platform_order_id')}) DO UPDATE SET {updates} "
           f"WHERE t.{q('updated_at')} < EXCLUDED.{q('updated_at')} "
           f"RETURNING {q('id')}, {q('platform_order_id')}, "
           f"CASE WHEN {q('first_stored_at')} = {q('synced_at')} THEN 1 ELSE 0 END")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {platform_order_id: (pk, bool(inserted)) for pk, platform_order_id, inserted in cursor.fetchall()}


def _order_row(store, r: OrderRecord, now) -> dict:
    return {"platform": "SHOPIFY", "platform_order_id": r.platform_order_id, "store": store.shop, "shop": store.pk,
            "name": r.name, "order_number": r.order_number, "status": r.status,
            "financial_status": r.financial_status, "fulfillment_status": r.fulfillment_status,
            "currency": r.currency, "total_price": r.total_price, "subtotal_price": r.subtotal_price,
            "total_tax": r.total_tax, "total_discounts": r.total_discounts, "landing_site": r.landing_site,
            "utm_params": r.utm_params, "store_name": r.store_name, "customer_id": r.customer_id,
            "customer_email": r.customer_email, "customer_name": r.customer_name, "created_at": r.created_at,
            "updated_at": r.updated_at, "processed_at": r.processed_at, "cancelled_at": r.cancelled_at,
            "order_data": r.raw, "parser_version": PARSER_VERSION, "first_stored_at": now, "synced_at": now}


def _line_items_write(records: list[OrderRecord], written: dict) -> None:
    """The orders' line items as answered: upserted on their Shopify ids, and the ones an order no
    longer has (an edited order) removed."""
    if not records:
        return
    items = [OrderLineItem(order_id=written[r.platform_order_id][0], line_item_id=item.line_item_id,
                           **{name: getattr(item, name) for name in LINE_ITEM_FIELDS})
             for r in records for item in r.line_items]
    if items:
        OrderLineItem.objects.bulk_create(items, update_conflicts=True, unique_fields=["line_item_id"],
                                          update_fields=["order", *LINE_ITEM_FIELDS], batch_size=2000)
    order_ids = [written[r.platform_order_id][0] for r in records]
    (OrderLineItem.objects.filter(order_id__in=order_ids)
     .exclude(line_item_id__in=[item.line_item_id for item in items]).delete())

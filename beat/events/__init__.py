"""Events: what downstream services and webhooks learn about Beat's work, through an outbox.

An app emits an event where it writes the data the event is about, inside the same transaction:

    from beat.events import emit
    emit("order_log_events", payload, account_id=task_account_id)   # exchange="beat.dx" by default

The row is committed with the data or not at all; `manage.py amqp_bridge` publishes it after commit
(beat.events.relay) and marks it published once the broker committed it, retrying until it does. Payloads
are plain JSON (dates as ISO strings); secrets are scrubbed (beat.events.scrub); event_id is added
from the row, event_timestamp when the payload has none. Task status events need no call: a trigger
writes them (beat.events.task_trigger).
"""
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from beat.events.scrub import scrub
from beat.models_events import OutboxEvent

EXCHANGES = ("beat.dx", "identity.dx", "coffee.dx")
# Every event type of DESIGN.md (the FastAPI Beat's routing keys): what a webhook may subscribe to.
EVENT_TYPES = (
    "scrape_request_log_events", "profile_log_events", "post_log_events", "profile_relationship_log_events",
    "post_activity_log_events", "post_activity_log_bulk", "sentiment_log_events", "order_log_events",
    "yt_activity_log_events", "yt_profile_relationship_log_events", "keyword_collection_report_completion",
    "sentiment_collection_report_out_rk",
)


def emit(routing_key: str, payload: dict, *, exchange: str = "beat.dx", account_id: int | None = None,
         task_id: int | None = None) -> OutboxEvent:
    """Write one event to the outbox in the caller's transaction; it is published after commit.

    account_id: the account the event is about (its webhooks receive it); by default the account of
    task_id, the task whose work wrote the data."""
    account_id = account_id if account_id is not None else account_of_task(task_id)
    return OutboxEvent.objects.create(**_row(routing_key, payload, exchange, account_id))


def emit_many(routing_key: str, payloads: Iterable[dict], *, exchange: str = "beat.dx",
              account_id: int | None = None, task_id: int | None = None) -> int:
    """emit() for a batch (one INSERT per 1000 events); the number written."""
    account_id = account_id if account_id is not None else account_of_task(task_id)
    rows = [OutboxEvent(**_row(routing_key, payload, exchange, account_id)) for payload in payloads]
    OutboxEvent.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def account_of_task(task_id: int | None) -> int | None:
    if task_id is None:
        return None
    from beat.models import ScrapeRequestLog

    return ScrapeRequestLog.objects.filter(pk=task_id).values_list("account_id", flat=True).first()


def _row(routing_key, payload, exchange, account_id) -> dict:
    if exchange not in EXCHANGES:
        raise ValueError(f"unknown exchange {exchange!r}; Beat publishes to {', '.join(EXCHANGES)}")
    if not routing_key:
        raise ValueError("an event needs a routing key")
    now = timezone.now()
    # through JSON once: datetimes and decimals become what a consumer will read, now, not at publish
    body = json.loads(json.dumps({"source": "beat", "event_timestamp": now, **payload}, cls=DjangoJSONEncoder))
    return dict(exchange=exchange, routing_key=routing_key, payload=scrub(body), account_id=account_id,
                created_at=now)


def message(event: OutboxEvent) -> dict:
    """The body published for an outbox row: its payload, scrubbed again (trigger-written rows were not
    scrubbed on the way in), with its event_id."""
    return {**scrub(event.payload), "event_id": str(event.event_id)}

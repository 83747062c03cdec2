"""Publishing the outbox: unpublished rows, oldest first, in batches; a batch is marked published once
the broker has committed it (its messages on disk), one round trip per batch rather than per event.

Rows are locked FOR UPDATE SKIP LOCKED, so two bridges never publish the same batch at once. When a
publish or the commit fails, nothing of the batch is marked: the failing event notes the attempt and
the error, and the whole batch goes out again on a later pass. Delivery is therefore at least once;
event_id tells a repeat."""
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from beat.events import message
from beat.models_events import OutboxEvent

log = logging.getLogger(__name__)
BATCH = 200

Publish = Callable[[str, str, dict], None]  # (exchange, routing_key, body)
Commit = Callable[[], None]  # returns once the broker holds every message published since the last commit


def relay_once(publish: Publish, commit: Commit, *, limit: int = BATCH) -> int:
    """Publish up to `limit` unpublished events, commit them on the broker, mark them published; the
    number published. A failure is noted on the event it happened at and raised (the caller reconnects)."""
    with transaction.atomic():
        events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                      .filter(published_at__isnull=True).order_by("id")[:limit])
        current = None
        try:
            for current in events:
                publish(current.exchange, current.routing_key, message(current))
            current = events[-1] if events else None
            commit()
        except Exception as exc:
            if current is not None:
                OutboxEvent.objects.filter(pk=current.pk).update(
                    attempts=current.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:300])
            failure = exc
        else:
            failure = None
            if events:
                OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(published_at=timezone.now())
    if failure is not None:
        raise failure
    return len(events)


def backlog() -> int:
    return OutboxEvent.objects.filter(published_at__isnull=True).count()

"""Publishing the outbox: unpublished rows, oldest first, each marked published once delivered.

Rows are locked FOR UPDATE SKIP LOCKED, so two bridges never publish the same batch at once; a row
whose publish raised stays unpublished (its attempts and last error noted) and goes out on a later
pass. A batch that failed halfway may publish its first rows again: delivery is at least once, and
event_id tells a repeat."""
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from beat.events import message
from beat.models_events import OutboxEvent

log = logging.getLogger(__name__)
BATCH = 200

Publish = Callable[[str, str, dict], None]  # (exchange, routing_key, body); raises when not delivered


def relay_once(publish: Publish, *, limit: int = BATCH) -> int:
    """Publish up to `limit` unpublished events; the number published. When a publish raises, the
    event keeps its place (its attempts and the error noted) and the error is raised once what went
    out before it is marked (the caller reconnects)."""
    error = None
    with transaction.atomic():
        events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                      .filter(published_at__isnull=True).order_by("id")[:limit])
        published = []
        for event in events:
            try:
                publish(event.exchange, event.routing_key, message(event))
            except Exception as exc:
                error = exc
                OutboxEvent.objects.filter(pk=event.pk).update(
                    attempts=event.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:300])
                break
            published.append(event.pk)
        if published:
            OutboxEvent.objects.filter(pk__in=published).update(published_at=timezone.now())
    if error is not None:
        raise error
    return len(published)


def backlog() -> int:
    return OutboxEvent.objects.filter(published_at__isnull=True).count()

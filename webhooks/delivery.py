"""From the outbox to an account's endpoints: dispatch creates one delivery per event and endpoint that
wants it; deliver_due POSTs the due ones, signed, through the guarded fetch (a target must be at a
public address when sent, whatever it was when registered); a failure is retried with backoff until
BEAT_WEBHOOK_MAX_ATTEMPTS, every attempt logged. No HTTP call happens inside a transaction: a delivery
is leased (its next attempt pushed past the call's timeout) by one conditional UPDATE, then sent."""
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from beat.errors import BeatError
from beat.events import message
from beat.http import guarded
from beat.models_events import OutboxEvent
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

log = logging.getLogger(__name__)
DISPATCH_BATCH = 1000
DELIVER_BATCH = 100
MAX_ANSWER_BYTES = 64 * 1024  # a receiver's answer is read for its status only


def tick() -> dict:
    """The schedule's job (every minute): dispatch new events, then send what is due."""
    dispatched = 0
    while count := dispatch():
        dispatched += count
        if count < DISPATCH_BATCH:
            break
    return {"dispatched": dispatched, **deliver_due()}


def dispatch(limit: int = DISPATCH_BATCH) -> int:
    """Deliveries for the next undispatched events (locked, so two ticks never share one); the number
    of events handled."""
    now = timezone.now()
    with transaction.atomic():
        events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                      .filter(dispatched_at__isnull=True).order_by("id")[:limit])
        endpoints: dict[int, list[WebhookEndpoint]] = {}
        for endpoint in WebhookEndpoint.objects.filter(
                active=True, account_id__in={e.account_id for e in events if e.account_id is not None}):
            endpoints.setdefault(endpoint.account_id, []).append(endpoint)
        deliveries = [WebhookDelivery(endpoint=endpoint, event_id=event.event_id, routing_key=event.routing_key,
                                      body=json.dumps(message(event), sort_keys=True), next_attempt_at=now)
                      for event in events for endpoint in endpoints.get(event.account_id, [])
                      if endpoint.wants(event.routing_key)]
        WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=500)
        OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(dispatched_at=now)
    return len(events)


def deliver_due(limit: int = DELIVER_BATCH) -> dict:
    now = timezone.now()
    due = list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    counts = {"delivered": 0, "failed_attempts": 0}
    for pk in due:
        lease = timezone.now() + timedelta(seconds=settings.BEAT_WEBHOOK_TIMEOUT + 30)
        if not WebhookDelivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING,
                                              next_attempt_at__lte=now).update(next_attempt_at=lease):
            continue  # another tick took it
        delivered = deliver(WebhookDelivery.objects.select_related("endpoint").get(pk=pk))
        counts["delivered" if delivered else "failed_attempts"] += 1
    return counts


def deliver(delivery: WebhookDelivery) -> bool:
    """One attempt: POST, log it, and mark the delivery delivered, retried later or given up."""
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "X-Beat-Event": delivery.routing_key,
               "X-Beat-Event-Id": str(delivery.event_id), "X-Beat-Delivery": str(delivery.pk),
               TIMESTAMP_HEADER: str(timestamp),
               SIGNATURE_HEADER: signature(delivery.endpoint.secret, timestamp, body)}
    started, status, error = time.monotonic(), None, ""
    try:
        answer = guarded.fetch(delivery.endpoint.url, source="webhook", method="POST", body=body, headers=headers,
                               max_bytes=MAX_ANSWER_BYTES, follow_redirects=False,
                               timeout=(settings.BEAT_HTTP_CONNECT_TIMEOUT, settings.BEAT_WEBHOOK_TIMEOUT))
        answer.file.close()
        status = answer.status
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except BeatError as exc:
        error = f"{exc.code}: {exc.message}"
    ok = not error
    now = timezone.now()
    attempts = delivery.attempts + 1
    changes = {"attempts": attempts}
    if ok:
        changes.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    elif attempts >= settings.BEAT_WEBHOOK_MAX_ATTEMPTS:
        changes.update(status=DeliveryStatus.FAILED)
        log.warning("webhook delivery %s gave up after %s attempts (%s)", delivery.pk, attempts, error)
    else:
        changes.update(next_attempt_at=now + timedelta(seconds=retry_delay(attempts)))
    with transaction.atomic():
        WebhookAttempt.objects.create(delivery=delivery, at=now, status_code=status, error=error[:300],
                                      duration_ms=int((time.monotonic() - started) * 1000))
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    return ok


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: base × 2^(attempts − 1), capped (30 s, 1 min, 2 min ... 6 h)."""
    return min(settings.BEAT_WEBHOOK_RETRY_BASE * 2 ** (attempts - 1), settings.BEAT_WEBHOOK_RETRY_CAP)


def redeliver(deliveries) -> int:
    """Send again (the admin's action): due now, with a fresh round of attempts; the log is kept."""
    return deliveries.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), attempts=0)

"""Daily pruning of logs that would otherwise grow without bound (never the task records themselves)."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from beat.models_events import OutboxEvent
from beat.models_upstream import UpstreamCall

BATCH = 10_000


def prune() -> dict:
    """Delete upstream call records, django-q2 result rows (schedules' successes, infrastructure
    failures) and published outbox events past their retention, in batches."""
    from django_q.models import Failure, Success

    cutoff = timezone.now() - timedelta(days=settings.BEAT_UPSTREAM_CALL_RETENTION_DAYS)
    return {
        "upstream_calls": _delete_before(UpstreamCall.objects.filter(created_at__lt=cutoff)),
        "queue_failures": _delete_before(Failure.objects.filter(stopped__lt=cutoff)),
        "queue_successes": _delete_before(Success.objects.filter(stopped__lt=cutoff)),
        "outbox_events": _delete_before(_outbox_done()),
    }


def _outbox_done():
    """Events past retention that their readers are done with: webhooks dispatched, and, when a broker
    is configured, confirmed by it (an unconfirmed event waits for it, however old)."""
    done = OutboxEvent.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=settings.BEAT_OUTBOX_RETENTION_DAYS),
        dispatched_at__isnull=False)
    return done.filter(published_at__isnull=False) if settings.AMQP_URL else done


def _delete_before(queryset) -> int:
    deleted = 0
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return deleted
        deleted += queryset.model.objects.filter(pk__in=ids).delete()[0]

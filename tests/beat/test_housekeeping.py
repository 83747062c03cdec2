from datetime import timedelta

import pytest
from django.utils import timezone

from beat.housekeeping import prune
from beat.models_upstream import UpstreamCall

pytestmark = pytest.mark.django_db


def call(days_ago: int) -> UpstreamCall:
    return UpstreamCall.objects.create(source="lama", endpoint="/v1/user", method="GET", ok=True, latency_ms=5,
                                       created_at=timezone.now() - timedelta(days=days_ago))


def test_prune_deletes_only_upstream_calls_past_their_retention(settings):
    settings.BEAT_UPSTREAM_CALL_RETENTION_DAYS = 30
    old, recent = call(31), call(29)
    assert prune()["upstream_calls"] == 1
    assert list(UpstreamCall.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not UpstreamCall.objects.filter(pk=old.pk).exists()


def test_prune_deletes_old_django_q2_results(settings):
    from django_q.models import Success

    settings.BEAT_UPSTREAM_CALL_RETENTION_DAYS = 30
    now = timezone.now()
    for days, name in ((40, "old"), (1, "new")):
        Success.objects.create(id=name * 4, name=name, func="beat.queue.maintenance.tick", started=now,
                               stopped=now - timedelta(days=days), success=True)
    assert prune()["queue_successes"] == 1
    assert list(Success.objects.values_list("name", flat=True)) == ["new"]

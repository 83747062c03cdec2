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

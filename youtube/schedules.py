"""YouTube's weekly refresh, by the rules of Instagram's (instagram.schedules): up to 1,000 channels
not refreshed for 7 days, stalest first, among those that exist, as refresh_yt_profiles tasks of 50
ids (one channels.list call each), priority 1, expiring after an hour; refreshed_at is written when
the tasks are made, so the next run takes the next stalest channels instead of the same again.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from beat.queue import services
from youtube.flows.profiles import batches
from youtube.models import ChannelState, YoutubeAccount

BATCH = 1000
STALE_AFTER = timedelta(days=7)
EXPIRES_AFTER = timedelta(hours=1)
PRIORITY = 1
FLOW = "refresh_yt_profiles"


def stale_channels(*, now) -> list[str]:
    channels = YoutubeAccount.objects.filter(Q(refreshed_at__lt=now - STALE_AFTER) | Q(refreshed_at__isnull=True),
                                             state=ChannelState.OK)  # not found / deleted are answers
    return list(channels.order_by(F("refreshed_at").asc(nulls_first=True), "id")
                .values_list("channel_id", flat=True)[:BATCH])


def refresh_stale_channels() -> int:
    """Make the week's refresh tasks; returns how many channels they cover."""
    now = timezone.now()
    with transaction.atomic():  # tasks and refreshed_at together; workers wake after the commit
        picked = stale_channels(now=now)
        for batch in batches(picked):
            services.submit(FLOW, {"channel_ids": batch}, priority=PRIORITY, expires_at=now + EXPIRES_AFTER)
        YoutubeAccount.objects.filter(channel_id__in=picked).update(refreshed_at=now)
    return len(picked)

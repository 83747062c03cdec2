"""The FastAPI Beat's weekly refresh, as two django-q2 schedules (instagram.platform lists them):
creators and the other accounts each get up to 1,000 refresh_profile_by_handle tasks (priority 1,
expiring after an hour), stalest first, among accounts not refreshed for 7 days.

refreshed_at is written when the task is made (the FastAPI Beat forgot to), so the next run picks
the next stalest accounts instead of the same ones again when a refresh fails or expires.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from beat.queue import services
from instagram.models import InstagramAccount, ProfileState, ProfileType

BATCH = 1000
STALE_AFTER = timedelta(days=7)
EXPIRES_AFTER = timedelta(hours=1)
PRIORITY = 1
FLOW = "refresh_profile_by_handle"
# not found and deleted accounts are answers: they would take the stalest places every week
REFRESHED_STATES = (ProfileState.OK, ProfileState.PRIVATE)


def stale_accounts(*, creators: bool, now):
    creator = Q(profile_type=ProfileType.CREATOR)
    accounts = (InstagramAccount.objects.filter(creator if creators else ~creator | Q(profile_type__isnull=True))
                .filter(Q(refreshed_at__lt=now - STALE_AFTER) | Q(refreshed_at__isnull=True),
                        handle__isnull=False, state__in=REFRESHED_STATES))
    return accounts.order_by(F("refreshed_at").asc(nulls_first=True), "id").values_list("id", "handle")[:BATCH]


def refresh_stale(*, creators: bool) -> int:
    """Make the week's refresh tasks for one group; returns how many."""
    now = timezone.now()
    with transaction.atomic():  # tasks and refreshed_at together; workers wake after the commit
        picked = list(stale_accounts(creators=creators, now=now))
        for _pk, handle in picked:
            services.submit(FLOW, {"handle": handle}, priority=PRIORITY, expires_at=now + EXPIRES_AFTER)
        InstagramAccount.objects.filter(pk__in=[pk for pk, _ in picked]).update(refreshed_at=now)
    return len(picked)


def refresh_stale_creators() -> int:
    return refresh_stale(creators=True)


def refresh_stale_others() -> int:
    return refresh_stale(creators=False)

"""Account quotas: how much of Beat one client account may hold at once and spend in a day.

- tasks pending or running at once: checked when a task is submitted (QuotaExceeded, 429);
- upstream calls in any 24 hours: a submit is refused while the day's calls are used up, and a
  running task's calls are stacked with the source budgets in Beat's limiter (credentials.fallback),
  so a task over it waits (rescheduled, no call sent) instead of spending more.
An account's own value wins over the setting; 0 means no cap. Both are checked by counting, without
a lock: submits of one account racing each other may overshoot the pending cap by the few in flight.
"""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from beat.errors import QuotaExceeded
from beat.models import ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from beat.ratelimit import Limit

DAY = 86400
PENDING_RETRY_AFTER = 30  # seconds: tasks end all the time; a client should look again soon
IN_FLIGHT = (Status.PENDING, Status.PROCESSING)


def max_pending(account) -> int:
    return settings.BEAT_ACCOUNT_MAX_PENDING if account.max_pending_tasks is None else account.max_pending_tasks


def daily_calls(account) -> int:
    configured = account.daily_upstream_calls
    return settings.BEAT_ACCOUNT_DAILY_UPSTREAM_CALLS if configured is None else configured


def calls_in_last_day(account) -> int:
    since = timezone.now() - timedelta(seconds=DAY)
    return UpstreamCall.objects.filter(account_id=account.pk, created_at__gt=since).count()


def check_submit(account) -> None:
    """QuotaExceeded when the account may not add a task now."""
    cap = max_pending(account)
    if cap and ScrapeRequestLog.objects.filter(account=account, status__in=IN_FLIGHT).count() >= cap:
        raise QuotaExceeded(f"Account {account.slug} has {cap} tasks pending or running, its quota; "
                            "wait for some to finish.", retry_after=PENDING_RETRY_AFTER,
                            details={"quota": "max_pending_tasks", "limit": cap})
    cap = daily_calls(account)
    if cap:
        since = timezone.now() - timedelta(seconds=DAY)
        calls = UpstreamCall.objects.filter(account_id=account.pk, created_at__gt=since)
        used = calls.count()
        if used >= cap:
            # room comes back when the (used - cap + 1)-th oldest call of the window leaves it
            freed = calls.order_by("created_at").values_list("created_at", flat=True)[used - cap]
            wait = (freed + timedelta(seconds=DAY) - timezone.now()).total_seconds()
            raise QuotaExceeded(f"Account {account.slug} made {used} upstream calls in the last 24 hours, its "
                                "quota.", retry_after=max(1.0, wait),
                                details={"quota": "daily_upstream_calls", "limit": cap})


def upstream_call_limits(account_id: int | None, cache: dict | None = None) -> list[Limit]:
    """The account's daily call budget as a limiter window (none for tasks of no account or no cap).
    `cache` (a flow context's notes) keeps the account's figure for the rest of the task."""
    if account_id is None:
        return []
    key = "account_daily_upstream_calls"
    if cache is None or key not in cache:
        from accounts.models import Account

        account = Account.objects.filter(pk=account_id).first()
        cap = daily_calls(account) if account is not None else 0
        if cache is not None:
            cache[key] = cap
    else:
        cap = cache[key]
    return [Limit(f"account:{account_id}:upstream-calls", cap, DAY)] if cap else []

"""A refresh asked through the API: a task of the caller's account that the view waits for.

The task row is the record and a worker runs it, exactly as for any other task: the view only submits
it (with a high priority) and polls its row for up to BEAT_API_REFRESH_WAIT seconds. Profile refreshes
pass the stacked per-handle / per-id limits first (beat.ratelimit); a denial is a 429 with Retry-After.
A refresh of the same thing already queued or running for the same account is joined, not repeated.
"""
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from accounts.auth import is_client
from beat.api.serializers import TaskSerializer
from beat.errors import BeatError, RateLimited
from beat.models import FINISHED, ScrapeRequestLog, Status
from beat.queue import services
from beat.ratelimit import acquire

PRIORITY = 10  # above the default 1 of submitted work: someone is waiting on the answer
IN_FLIGHT = (Status.PENDING, Status.PROCESSING)
SUCCEEDED = (Status.COMPLETE, Status.PARTIAL)


@dataclass(frozen=True)
class Freshness:
    force: bool = False
    max_age: timedelta = timedelta(days=1)

    @classmethod
    def of(cls, query: dict, default: timedelta) -> "Freshness":
        max_age = query.get("max_age")
        return cls(force=query["force_refresh"], max_age=default if max_age is None else timedelta(seconds=max_age))

    def needs_refresh(self, checked_at: datetime | None) -> bool:
        return self.force or checked_at is None or timezone.now() - checked_at > self.max_age


class RefreshFailed(BeatError):
    """The refresh task ended without an answer to give."""

    code = "refresh_failed"
    http_status = 502

    def __init__(self, task: ScrapeRequestLog):
        error = task.error or {}
        super().__init__(f"The refresh (task {task.pk}) ended {task.status}: {error.get('message', 'no answer')}",
                         details={"scrape_id": task.pk, "status": task.status, "cause": error.get("code")})


def start(flow: str, params: dict, *, account, limits=None) -> ScrapeRequestLog:
    """The account's refresh of this flow and params already under way, else a new task (limits first)."""
    running = (ScrapeRequestLog.objects.filter(flow=flow, params=params, account=account, status__in=IN_FLIGHT)
               .order_by("-id").first())
    if running is not None:
        return running
    if limits:
        decision = acquire(limits)
        if not decision.allowed:
            raise RateLimited(f"Too many refreshes of this profile; retry in {max(1, round(decision.retry_after))} s.",
                              retry_after=decision.retry_after)
    task, _ = services.submit(flow, params, account=account, priority=PRIORITY)
    return task


def wait(task: ScrapeRequestLog, seconds: float | None = None) -> ScrapeRequestLog:
    """Poll the task's status until it ends or `seconds` pass; the task as it is then."""
    seconds = wait_seconds() if seconds is None else seconds
    deadline = time.monotonic() + seconds
    delay = 0.02
    status = task.status
    while status not in FINISHED:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(delay, left))
        delay = min(delay * 1.5, 0.5)
        status = ScrapeRequestLog.objects.filter(pk=task.pk).values_list("status", flat=True).first()
    return ScrapeRequestLog.objects.select_related("account").get(pk=task.pk)


def wait_seconds() -> float:
    return float(settings.BEAT_API_REFRESH_WAIT)


def found(task: ScrapeRequestLog, state: str) -> bool:
    """Did the refresh end saying the entity is in `state` (not_found, private)? Flows answer those as
    COMPLETE with the state in their result (e.g. instagram.flows.unavailable), not as failures."""
    return task.status in SUCCEEDED and (task.data or {}).get("state") == state


def valid(serializer_class, data) -> dict:
    """Validated data or a 400 with the field errors (path values and query strings alike)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def account_of(request):
    """Tasks made through the API are the calling key's account's; staff make them for no account."""
    return request.user.account if is_client(request.user) else None


def accepted(task) -> Response:
    """202 with the task, still running; its Location is where to poll."""
    location = reverse("task-detail", kwargs={"task_id": task.pk})
    return Response(TaskSerializer(task).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

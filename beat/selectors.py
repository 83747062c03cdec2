"""Reads of the core's rows, and what a caller is to the core: which tasks it may see, which roles it
submits flows as, how each upstream has been answering."""
from datetime import datetime

from django.db.models import Avg, Count, Q, QuerySet

from accounts.auth import ADD_TASKS, is_client, is_staff, staff_may
from beat.flows import Submitter
from beat.models import ScrapeRequestLog, UpstreamCall


def visible_tasks(user) -> QuerySet:
    """The tasks this caller may see: staff all of them, a client its own account's only."""
    tasks = ScrapeRequestLog.objects.select_related("account")
    if is_staff(user):
        return tasks.all()
    if is_client(user):
        return tasks.filter(account=user.account)
    return tasks.none()


def submitter_roles(user) -> frozenset[Submitter]:
    """Who this caller is to the flow registry (Flow.check_submitter)."""
    if is_client(user):
        if user.api_key.can_manage_tokens:
            return frozenset({Submitter.CLIENT, Submitter.TOKEN_MANAGER})
        return frozenset({Submitter.CLIENT})
    if staff_may(user, ADD_TASKS):
        return frozenset({Submitter.STAFF})
    return frozenset()


def upstream_call_counts(*, since: datetime) -> list[dict]:
    """Per source since `since`: calls, failed calls and mean latency (ms), from the call records
    beat.http writes; one grouped query (the admin's view of upstream health)."""
    rows = (UpstreamCall.objects.filter(created_at__gte=since).values("source")
            .annotate(calls=Count("id"), errors=Count("id", filter=Q(ok=False)), latency_ms=Avg("latency_ms"))
            .order_by("source"))
    return [{**row, "latency_ms": round(row["latency_ms"] or 0)} for row in rows]

"""Reads of the core's rows: which tasks a caller may see, how each upstream has been answering."""
from datetime import datetime

from django.db.models import Avg, Count, Q, QuerySet

from accounts.auth import is_client, is_staff
from beat.models import ScrapeRequestLog, UpstreamCall


def visible_tasks(user) -> QuerySet:
    """The tasks this caller may see: staff all of them, a client its own account's only."""
    tasks = ScrapeRequestLog.objects.select_related("account")
    if is_staff(user):
        return tasks.all()
    if is_client(user):
        return tasks.filter(account=user.account)
    return tasks.none()


def upstream_call_counts(*, since: datetime) -> list[dict]:
    """Per source since `since`: calls, failed calls and mean latency (ms), from the call records
    beat.http writes; one grouped query (the admin's view of upstream health)."""
    rows = (UpstreamCall.objects.filter(created_at__gte=since).values("source")
            .annotate(calls=Count("id"), errors=Count("id", filter=Q(ok=False)), latency_ms=Avg("latency_ms"))
            .order_by("source"))
    return [{**row, "latency_ms": round(row["latency_ms"] or 0)} for row in rows]

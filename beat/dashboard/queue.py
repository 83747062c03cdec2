"""Queue panels: depth and running tasks per flow, throughput per hour, the slowest flows, the latest
failures. One query each, whatever the number of tasks or flows."""
from datetime import timedelta

from django.db.models import Avg, Count, F, Max, Q
from django.db.models.functions import TruncHour

from beat.admin.charts import stacked_bars
from beat.dashboard import panel
from beat.flows import all_flows
from beat.models import ScrapeRequestLog, Status

DAY = timedelta(hours=24)
SUCCEEDED = (Status.COMPLETE, Status.PARTIAL)
FAILED = (Status.FAILED, Status.TIMEOUT)
SLOWEST = 8
LATEST_FAILURES = 10


@panel("queue", title="Queue: waiting and running per flow", template="admin/dashboard/queue.html", order=10)
def queue(now) -> dict:
    waiting = Q(status=Status.PENDING)
    ready = waiting & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    rows = (ScrapeRequestLog.objects.filter(status__in=(Status.PENDING, Status.PROCESSING))
            .values("flow").order_by("flow")
            .annotate(pending=Count("id", filter=waiting), ready=Count("id", filter=ready),
                      processing=Count("id", filter=Q(status=Status.PROCESSING))))
    caps = {entry.name: entry.concurrency for entry in all_flows()}
    flows = [{**row, "cap": caps.get(row["flow"])} for row in rows]
    return {"flows": flows, "pending": sum(r["pending"] for r in flows),
            "processing": sum(r["processing"] for r in flows)}


@panel("throughput", title="Tasks finished per hour, last 24 h", template="admin/dashboard/throughput.html",
       order=20)
def throughput(now) -> dict:
    start = (now - DAY).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    rows = (ScrapeRequestLog.objects.filter(scraped_at__gte=start, status__in=SUCCEEDED + FAILED)
            .annotate(hour=TruncHour("scraped_at")).values("hour").order_by("hour")
            .annotate(ok=Count("id", filter=Q(status__in=SUCCEEDED)), failed=Count("id", filter=Q(status__in=FAILED))))
    by_hour = {row["hour"]: row for row in rows}
    hours = [start + timedelta(hours=i) for i in range(24)]
    ok = [by_hour.get(h, {}).get("ok", 0) for h in hours]
    failed = [by_hour.get(h, {}).get("failed", 0) for h in hours]
    chart = stacked_bars([f"{h:%H}h" for h in hours],
                         [("complete or partial", "#198754", ok), ("failed or timed out", "#dc3545", failed)])
    return {"chart": chart, "ok": sum(ok), "failed": sum(failed)}


@panel("slowest", title="Slowest flows, last 24 h", template="admin/dashboard/slowest.html", order=30)
def slowest(now) -> dict:
    took = F("scraped_at") - F("picked_at")
    rows = (ScrapeRequestLog.objects.filter(scraped_at__gte=now - DAY, picked_at__isnull=False,
                                            status__in=SUCCEEDED + FAILED)
            .values("flow").annotate(runs=Count("id"), average=Avg(took), longest=Max(took))
            .order_by("-average")[:SLOWEST])
    return {"flows": [{**row, "average_s": _seconds(row["average"]), "longest_s": _seconds(row["longest"])}
                      for row in rows]}


@panel("failures", title="Latest failures", template="admin/dashboard/failures.html", order=40)
def failures(now) -> dict:
    rows = (ScrapeRequestLog.objects.filter(status__in=FAILED).order_by("-id")
            .only("id", "flow", "status", "error", "scraped_at", "attempts", "max_attempts")[:LATEST_FAILURES])
    return {"tasks": [{"task": task, "message": ((task.error or {}).get("message") or "")[:160]} for task in rows]}


def _seconds(duration) -> float | None:
    return None if duration is None else round(duration.total_seconds(), 1)

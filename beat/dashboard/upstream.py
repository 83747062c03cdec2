"""Upstream panels: calls and error rates per provider (beat_upstream_call), and today's use of each
rate limit (beat.ratelimit, settings_limits). One query and one limiter read, whatever the traffic."""
from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count, Q

from beat import ratelimit
from beat.dashboard import panel
from beat.models_upstream import UpstreamCall

DAY = timedelta(hours=24)
SECONDS_PER_DAY = 86400


def calls_per_source(now) -> dict[str, dict]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    since = min(midnight, now - DAY)
    last_day = Q(created_at__gte=now - DAY)
    rows = (UpstreamCall.objects.filter(created_at__gte=since).values("source").order_by("source")
            .annotate(calls=Count("id", filter=last_day), errors=Count("id", filter=last_day & Q(ok=False)),
                      rate_limited=Count("id", filter=last_day & Q(status_code=429)),
                      latency=Avg("latency_ms", filter=last_day), today=Count("id", filter=Q(created_at__gte=midnight))))
    return {row["source"]: row for row in rows}


@panel("upstream", title="Upstream calls per provider, last 24 h", template="admin/dashboard/upstream.html",
       order=50)
def upstream(now) -> dict:
    rows = [row for row in calls_per_source(now).values() if row["calls"]]
    for row in rows:
        row["error_rate"] = round(100 * row["errors"] / row["calls"], 1)
        row["latency"] = None if row["latency"] is None else round(row["latency"])
    return {"sources": sorted(rows, key=lambda row: -row["calls"])}


@panel("budgets", title="Rate-limit budgets today", template="admin/dashboard/budgets.html", order=60)
def budgets(now) -> dict:
    """Each per-source limit: its day's budget (limit x windows in a day) against the calls made since
    midnight UTC, and how full its window is right now."""
    limits = [lim for source in sorted(settings.BEAT_SOURCE_RATE_LIMITS) for lim in ratelimit.source_limits(source)]
    in_window = ratelimit.usage(limits)
    today = calls_per_source(now)
    rows = []
    for lim, used_now in zip(limits, in_window):
        source = lim.key.removeprefix("source:")
        budget = int(lim.limit * SECONDS_PER_DAY / lim.period)
        used = today.get(source, {}).get("today", 0)
        rows.append({"source": source, "limit": lim.limit, "period": f"{lim.period:g}", "budget": budget,
                     "used": used, "percent": round(100 * used / budget, 1), "window": used_now,
                     "window_percent": None if used_now is None else round(100 * used_now / lim.limit)})
    return {"limits": rows, "refresh": settings.BEAT_PROFILE_REFRESH_LIMITS}

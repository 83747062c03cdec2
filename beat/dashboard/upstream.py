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


def credential_calls_today(now, sources) -> list[dict]:
    """Calls since midnight per credential of the sources that have per-credential limits."""
    if not sources:
        return []
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return list(UpstreamCall.objects.filter(created_at__gte=midnight, source__in=sources, credential_id__isnull=False)
                .values("source", "credential_id").order_by("source", "credential_id").annotate(today=Count("id")))


@panel("budgets", title="Rate-limit budgets today", template="admin/dashboard/budgets.html", order=60)
def budgets(now) -> dict:
    """Each per-source limit, and each per-credential limit of a credential used today: its day's
    budget (limit x windows in a day) against the calls made since midnight UTC, and how full its
    window is right now."""
    today = calls_per_source(now)
    checked = [(source, lim, today.get(source, {}).get("today", 0))
               for source in sorted(settings.BEAT_SOURCE_RATE_LIMITS) for lim in ratelimit.source_limits(source)]
    for row in credential_calls_today(now, sorted(settings.BEAT_CREDENTIAL_RATE_LIMITS)):
        for limit, period in settings.BEAT_CREDENTIAL_RATE_LIMITS[row["source"]]:
            checked.append((f"{row['source']} credential #{row['credential_id']}",
                            ratelimit.Limit(f"cred:{row['credential_id']}", limit, period), row["today"]))
    in_window = ratelimit.usage([lim for _, lim, _ in checked])
    rows = []
    for (label, lim, used), used_now in zip(checked, in_window):
        budget = int(lim.limit * SECONDS_PER_DAY / lim.period)
        rows.append({"source": label, "id": f"{lim.key.replace(':', '-')}-{lim.period:g}", "limit": lim.limit,
                     "period": f"{lim.period:g}", "budget_text": f"{budget:,}", "used_text": f"{used:,}",
                     "percent": round(100 * used / budget, 1), "window": used_now,
                     "window_percent": None if used_now is None else round(100 * used_now / lim.limit)})
    return {"limits": rows, "refresh": settings.BEAT_PROFILE_REFRESH_LIMITS}

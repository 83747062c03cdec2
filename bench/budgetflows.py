"""The flows bench/budget.py runs (loaded by its clusters through BEAT_FLOW_MODULES).

bench_refresh is a one-call refresh through the real fallback (credential pick, the shared limiter
with its margin, waits in place, rescheduling): each bench source is a provider whose base URL points
at the bench's counting upstream. bench_limited_once is rate-limited once, then reports how long
after its retry_at it was claimed again.
"""
import time

from django.conf import settings
from rest_framework import serializers as s

from beat.errors import RateLimited
from beat.flows import flow
from beat.flows.params import schema
from beat.models import ScrapeRequestLog
from beat.providers import Provider
from beat.providers.capabilities import PROFILE
from credentials.fallback import call_with_fallback

SOURCES = ("graphapi", "rocketapi", "lama", "rapidapi-arraybobo", "rapidapi-neotank")
PROVIDERS = {source: type(f"Bench_{source}", (Provider,), {
    "source": source, "base_url_setting": settings.BEAT_BASE_URL_SETTINGS[source], "capabilities": frozenset({PROFILE}),
}) for source in SOURCES}

Refresh = schema("BenchRefreshParams", handle=s.CharField(), sources=s.CharField())
LimitedOnce = schema("BenchLimitedOnceParams", retry_after_ms=s.IntegerField())


@flow("bench_refresh", params=Refresh, platform="BEAT", timeout=120, concurrency=1000)
def bench_refresh(ctx, *, handle, sources):
    providers = [PROVIDERS[name] for name in sources.split(",")]
    # "sent": when the worker, just granted, starts the call (the bench reports the transit to arrival)
    answer = call_with_fallback(PROFILE, providers, lambda p: p.get("/profile", params={
        "handle": handle, "sent": repr(time.time())}), ctx=ctx)
    return {"source": answer.source}


@flow("bench_limited_once", params=LimitedOnce, platform="BEAT", timeout=30, concurrency=1000, max_attempts=1)
def bench_limited_once(ctx, *, retry_after_ms):
    row = ScrapeRequestLog.objects.values("picked_at", "error").get(pk=ctx.task_id)
    retry_at = (row["error"] or {}).get("retry_at")
    if retry_at is None:
        raise RateLimited("bench: come back later", retry_after=retry_after_ms / 1000, source="bench")
    from datetime import datetime

    return {"late": (row["picked_at"] - datetime.fromisoformat(retry_at)).total_seconds()}

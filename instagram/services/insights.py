"""Graph API insights: a profile's audience demographics, and a post's or story's metrics."""
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from instagram.models import InstagramPost, InstagramProfileInsights, SnapshotKind
from instagram.records import AudienceInsightsRecord, PostInsightsRecord
from beat.handles import normal_handle
from instagram.services.snapshots import post_snapshots_append, profile_snapshot_append
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert

AUDIENCES = ("follower", "reached", "engaged")
PROFILE_INSIGHTS = Table(InstagramProfileInsights, key=("profile_id",), replace=("refreshed_at", "source"))
# insights arrive without the post's own fields: everything else in the row stays as it was
POST_INSIGHTS = Table(InstagramPost, key=("shortcode",), replace=("insights_refreshed_at",))
POST_METRICS = ("reach", "views", "impressions", "plays", "likes", "comments", "saved", "shares", "interactions",
                "follows", "profile_visits", "profile_activity", "replies", "navigation", "taps_forward",
                "taps_back", "exits", "swipe_forward", "automatic_forward", "swipe_back", "swipe_down", "swipe_up",
                "avg_watch_time_ms", "total_watch_time_ms")


def insights_upsert(*, profile_id: str, record: AudienceInsightsRecord, source: str = "graphapi",
                    handle: str | None = None, raw=None, task_id: int | None = None) -> UpsertResult:
    """Store the follower / reached / engaged demographics of a profile (one row per profile) and
    append a profile_log snapshot of kind audience_insights. An audience that came back empty keeps
    the stored one."""
    now = timezone.now()
    audiences = {name: _audience(getattr(record, name)) for name in AUDIENCES}
    row = dict(profile_id=profile_id, handle=normal_handle(handle), fbid=record.fbid, **audiences, source=source,
               refreshed_at=now, created_at=now, updated_at=now)
    with transaction.atomic():
        result = bulk_upsert(PROFILE_INSIGHTS, [row])
        profile_snapshot_append(profile_id=profile_id, handle=row["handle"], kind=SnapshotKind.AUDIENCE_INSIGHTS,
                                dimensions={"fbid": record.fbid}, metrics=audiences, source=source, raw=raw,
                                task_id=task_id, timestamp=now)
    return result


def post_insights_apply(*, shortcode: str, record: PostInsightsRecord, source: str = "graphapi",
                        post_type: str | None = None, raw=None, task_id: int | None = None) -> UpsertResult:
    """Store a post's or story's insights on its instagram_post row (created when the post was not
    stored yet) and append a post_log snapshot of kind post_insights. Metrics not answered stay."""
    now = timezone.now()
    figures = {name: getattr(record, name) for name in POST_METRICS}
    row = dict(shortcode=shortcode, post_id=record.post_id, post_type=post_type, **figures,
               insights=blank_to_none(dict(record.metrics)), insights_refreshed_at=now, created_at=now,
               updated_at=now)
    with transaction.atomic():
        result = bulk_upsert(POST_INSIGHTS, [row])
        post_snapshots_append([{"shortcode": shortcode, "post_id": record.post_id, "raw": raw,
                                "dimensions": {"post_type": post_type}, "metrics": figures}],
                              kind=SnapshotKind.POST_INSIGHTS, source=source, task_id=task_id, timestamp=now)
    return result


def _audience(demographics) -> dict | None:
    """{"country": {...}, "city": {...}, "gender": {...}, "age": {...}, "gender_age": {...}} without the
    empty splits; None when nothing was answered."""
    return blank_to_none({name: split for name, split in asdict(demographics).items() if split})

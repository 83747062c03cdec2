"""A channel's activity feed and its public subscriptions, upserted on their natural keys."""
from django.utils import timezone

from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert
from youtube.models import YoutubeActivityLog, YoutubeRelationshipLog

ACTIVITIES = Table(YoutubeActivityLog, key=("activity_id",), first="first_seen_at", last="fetched_at",
                   replace=("task_id", "source"))
RELATIONSHIPS = Table(YoutubeRelationshipLog, key=("channel_id", "other_channel_id"), first="first_seen_at",
                      last="fetched_at", replace=("task_id", "source"))
ACTIVITY_FIELDS = ("channel_id", "activity_type", "video_id", "other_channel_id", "playlist_id", "title",
                   "published_at")
SUBSCRIPTION_FIELDS = ("other_title", "other_description", "other_thumbnail", "subscribed_at")


def activities_upsert(*, records, source: str, task_id: int | None = None) -> UpsertResult:
    return bulk_upsert(ACTIVITIES, [_row(r, ACTIVITY_FIELDS, activity_id=r.activity_id, source=source,
                                         task_id=task_id) for r in records])


def subscriptions_upsert(*, records, source: str, task_id: int | None = None) -> UpsertResult:
    """keys are (channel_id, other_channel_id)."""
    return bulk_upsert(RELATIONSHIPS, [_row(r, SUBSCRIPTION_FIELDS, channel_id=r.channel_id,
                                            other_channel_id=r.other_channel_id, source=source, task_id=task_id)
                                       for r in records])


def _row(record, fields, **keys) -> dict:
    now = timezone.now()
    return {**{name: blank_to_none(getattr(record, name)) for name in fields}, **keys, "first_seen_at": now,
            "fetched_at": now}

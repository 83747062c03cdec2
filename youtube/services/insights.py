"""A channel's audience (YouTube Analytics): one row per channel, and a profile snapshot of it."""
from django.db import transaction
from django.utils import timezone

from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert
from youtube.models import YoutubeProfileInsights, YoutubeProfileLog
from youtube.records import PARSER_VERSION, AudienceRecord

INSIGHTS = Table(YoutubeProfileInsights, key=("channel_id",), replace=("refreshed_at", "source", "start_date",
                                                                       "end_date"))


def insights_upsert(*, channel_id: str, record: AudienceRecord, start_date, end_date, source: str = "ytapi",
                    raw=None, task_id: int | None = None) -> UpsertResult:
    """Store the audience; a report that had no rows keeps what was stored (no data is not zero)."""
    now = timezone.now()
    audience = {"city": blank_to_none(record.city), "country": blank_to_none(record.country),
                "gender_age": blank_to_none(record.gender_age)}
    row = dict(channel_id=channel_id, **audience, start_date=start_date, end_date=end_date, source=source,
               refreshed_at=now, created_at=now, updated_at=now)
    with transaction.atomic():
        result = bulk_upsert(INSIGHTS, [row])
        YoutubeProfileLog.objects.create(
            channel_id=channel_id, source=source, raw=raw, parser_version=PARSER_VERSION, task_id=task_id,
            timestamp=now, dimensions={"kind": "audience", "start_date": str(start_date), "end_date": str(end_date)},
            metrics={name: value for name, value in audience.items() if value})
    return result

"""Channels: upsert a batch from parsed records (one statement), record a state (not found)."""
from django.db import transaction
from django.utils import timezone

from beat.snapshots import known
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert
from youtube.models import ChannelState, YoutubeAccount, YoutubeProfileLog
from youtube.records import PARSER_VERSION, ChannelRecord

_STATE_CHANGED = ('CASE WHEN t."state" = EXCLUDED."state" THEN t."state_changed_at" '
                  'ELSE EXCLUDED."state_changed_at" END')
CHANNELS = Table(YoutubeAccount, key=("channel_id",), replace=("state", "refreshed_at", "source"),
                 custom={"state_changed_at": _STATE_CHANGED})
COPIED = ("title", "description", "custom_url", "country", "published_at", "subscribers",
          "is_subscriber_count_hidden", "views", "uploads", "uploads_playlist_id", "thumbnails", "thumbnail",
          "banner_url", "keywords", "is_verified")
METRICS = ("subscribers", "views", "uploads")


def channels_upsert(*, records, source: str, raw_by_id: dict | None = None,
                    task_id: int | None = None) -> UpsertResult:
    """Store channels (state ok: they answered) and append one youtube_profile_log snapshot each,
    with the raw item it was parsed from. keys are channel ids."""
    now = timezone.now()
    rows = [_row(record, source, now) for record in records]
    if not rows:
        return UpsertResult()
    raw_by_id = raw_by_id or {}
    with transaction.atomic():
        result = bulk_upsert(CHANNELS, rows)
        YoutubeProfileLog.objects.bulk_create([YoutubeProfileLog(
            channel_id=row["channel_id"], handle=row["handle"], source=source, raw=raw_by_id.get(row["channel_id"]),
            dimensions=known({name: _jsonable(row[name]) for name in COPIED if name not in METRICS}),
            metrics=known({name: row[name] for name in METRICS}), parser_version=PARSER_VERSION, task_id=task_id,
            timestamp=now) for row in rows], batch_size=1000)
    return result


def channel_state_set(*, channel_ids, state: str, source: str | None = None,
                      task_id: int | None = None) -> UpsertResult:
    """Record that channels gave no answer (not_found, deleted). Stored figures stay: the state says why
    they are no longer refreshed."""
    if state not in ChannelState.values:
        raise ValueError(f"unknown channel state {state!r}")
    now = timezone.now()
    rows = [dict(channel_id=channel_id, state=state, state_changed_at=now, source=source, created_at=now,
                 updated_at=now) for channel_id in dict.fromkeys(channel_ids)]
    if not rows:
        return UpsertResult()
    table = Table(YoutubeAccount, key=("channel_id",), replace=("state",), custom=CHANNELS.custom)
    with transaction.atomic():
        result = bulk_upsert(table, rows)
        YoutubeProfileLog.objects.bulk_create([YoutubeProfileLog(
            channel_id=row["channel_id"], source=source, dimensions={"state": state}, metrics={},
            parser_version=PARSER_VERSION, task_id=task_id, timestamp=now) for row in rows])
    return result


def _row(record: ChannelRecord, source: str, now) -> dict:
    row = {name: blank_to_none(getattr(record, name)) for name in COPIED}
    row.update(channel_id=record.channel_id, handle=record.handle, state=ChannelState.OK, state_changed_at=now,
               refreshed_at=now, source=source, created_at=now, updated_at=now)
    return row


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value

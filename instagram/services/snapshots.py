"""Appending profile_log / post_log rows: one INSERT per batch, whatever the number of rows.

Raw payloads are scrubbed of secrets (beat.http.redact.scrub) here, the one way into both tables;
each row is also an event (instagram.events), written with it."""
from datetime import datetime

from beat.events import emit, emit_many
from beat.http.redact import scrub
from instagram import events
from instagram.models import PostLog, ProfileLog
from instagram.records import PARSER_VERSION

BATCH = 1000


def known(values: dict) -> dict:
    """A snapshot keeps what was answered: unknown (None) and empty values are left out."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != () and v != []}


def profile_snapshot_append(*, profile_id, handle, kind, dimensions: dict, metrics: dict, source, raw,
                            task_id, timestamp: datetime) -> ProfileLog:
    (log,) = ProfileLog.objects.bulk_create([ProfileLog(
        profile_id=profile_id, handle=handle, kind=kind, dimensions=known(dimensions), metrics=known(metrics),
        source=source, raw=scrub(raw), parser_version=PARSER_VERSION, task_id=task_id, timestamp=timestamp)])
    emit(events.PROFILE_LOG, events.profile_log_event(log), task_id=task_id)
    return log


def post_snapshots_append(entries: list[dict], *, kind, source, task_id, timestamp: datetime) -> None:
    """entries: {shortcode, post_id, profile_id, dimensions, metrics, raw} each."""
    logs = PostLog.objects.bulk_create([PostLog(
        shortcode=e["shortcode"], post_id=e.get("post_id"), profile_id=e.get("profile_id"), kind=kind,
        dimensions=known(e["dimensions"]), metrics=known(e["metrics"]), raw=scrub(e.get("raw")), source=source,
        parser_version=PARSER_VERSION, task_id=task_id, timestamp=timestamp) for e in entries], batch_size=BATCH)
    emit_many(events.POST_LOG, [events.post_log_event(log) for log in logs], task_id=task_id)

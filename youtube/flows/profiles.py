"""Channels by id, in batches of 50 (one channels.list call each), and a channel id by its handle."""
from beat.errors import RateLimited
from beat.flows import FlowResult
from youtube.flows import params
from youtube.flows.fetch import fetch, raw_items
from youtube.flows.registration import youtube_flow
from youtube.providers.base import CHANNEL_BY_HANDLE, CHANNELS, MAX_IDS
from youtube.services import channel_state_set, channels_upsert

RATE_LIMITED = "rate_limited"


def batches(ids, size: int = MAX_IDS) -> list[list[str]]:
    ids = list(dict.fromkeys(ids))
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def refresh_channels(ctx, channel_ids) -> FlowResult:
    """Each batch through the fallback order; ids an answering source left out are not found. A
    batch that every source refuses for now ends the work PARTIAL after the batches stored, or,
    when it is the first, reschedules the task."""
    result = FlowResult().change("channel_ids", [])
    not_found, units = [], 0
    for number, batch in enumerate(batches(channel_ids)):
        try:
            answer = fetch(ctx, CHANNELS, lambda p, ids=batch: p.channels(ids))
        except RateLimited as exc:
            if number == 0:
                raise
            left = [cid for later in batches(channel_ids)[number:] for cid in later]
            result.extra["left"] = left
            return result.stop(RATE_LIMITED, partial=True, error=exc.message)
        stored = channels_upsert(records=answer.value, source=answer.source, raw_by_id=raw_items(answer.raw),
                                 task_id=ctx.task_id)
        missing = [cid for cid in batch if cid not in set(stored.keys)]
        if missing:
            channel_state_set(channel_ids=missing, state="not_found", source=answer.source, task_id=ctx.task_id)
            not_found += missing
        result.source = result.source or answer.source
        result.tried += answer.tried
        units += answer.quota_units
        result.count(fetched=len(answer.value), created=stored.created, updated=stored.updated, pages=1)
        result.change("channel_ids", stored.keys)
    result.extra.update(not_found=not_found, quota_units=units)
    return result


@youtube_flow("refresh_yt_profiles", params=params.Channels, concurrency=50)
def refresh_yt_profiles(ctx, *, channel_ids):
    """Channels by id, 50 a call; the ids no source knows are recorded not_found."""
    return refresh_channels(ctx, channel_ids)


def channel_for_handle(ctx, handle: str):
    """The channel of an @handle (channels.list forHandle), stored; NotFound propagates."""
    answer = fetch(ctx, CHANNEL_BY_HANDLE, lambda p: p.channel_by_handle(handle))
    channels_upsert(records=[answer.value], source=answer.source, raw_by_id=raw_items(answer.raw),
                    task_id=getattr(ctx, "task_id", None))
    return answer.value

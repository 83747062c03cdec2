"""The channels a channel engages with: its stored public subscriptions (youtube_profile_relationship_log,
written by refresh_yt_profile_relationship) made from start_date to end_date.

One row per subscription: "Channel Id" (the subscriber), a column named by filter_by holding that
attribute of the subscribed-to channel, and "Subscriber Count", the subscribed-to channel's stored
subscribers (empty when Beat never stored that channel).
"""
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from youtube.models import YoutubeAccount, YoutubeRelationshipLog
from youtube.reports.rows import CHUNK, chunks

# filter_by -> where the subscribed-to channel's value is: the subscription row, else the stored channel
FILTERS = {"channel_id": ("other_channel_id", None), "title": ("other_title", "title"),
           "description": ("other_description", "description"), "country": (None, "country"),
           "customUrl": (None, "custom_url")}
CHANNEL = "Channel Id"
SUBSCRIBERS = "Subscriber Count"


def columns(filter_by: str) -> tuple[str, ...]:
    return CHANNEL, filter_by, SUBSCRIBERS


def engagement(channel_ids: list[str], start: date, end: date, filter_by: str) -> Iterator[dict]:
    own, stored_field = FILTERS[filter_by]
    query = (YoutubeRelationshipLog.objects.filter(
        channel_id__in=channel_ids, subscribed_at__gte=datetime.combine(start, time.min, tzinfo=timezone.utc),
        subscribed_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc))
        .order_by("channel_id", "-subscribed_at", "other_channel_id")
        .values("channel_id", "other_channel_id", "other_title", "other_description"))
    page = []
    for subscription in query.iterator(chunk_size=CHUNK):
        page.append(subscription)
        if len(page) == CHUNK:
            yield from _rows(page, own, stored_field, filter_by)
            page = []
    yield from _rows(page, own, stored_field, filter_by)


def _rows(page: list[dict], own, stored_field, filter_by) -> Iterator[dict]:
    wanted = ["channel_id", "subscribers"] + ([stored_field] if stored_field else [])
    stored = {}
    for batch in chunks({s["other_channel_id"] for s in page}):
        stored.update({c["channel_id"]: c for c in YoutubeAccount.objects.filter(channel_id__in=batch)
                       .values(*wanted)})
    for subscription in page:
        channel = stored.get(subscription["other_channel_id"]) or {}
        value = (subscription[own] if own else None) or (channel.get(stored_field) if stored_field else None)
        yield {CHANNEL: subscription["channel_id"], filter_by: value, SUBSCRIBERS: channel.get("subscribers")}

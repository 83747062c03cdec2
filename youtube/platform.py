"""YouTube's entry in beat.platforms: what refresh_profiles, export_profiles and setup_schedules need,
without the core knowing YouTube. Channels have no reparse yet."""
import re

from django_q.models import Schedule

from beat.errors import InvalidParams
from beat.handles import normal_handle
from beat.platforms import Export, PlatformOps, register
from youtube.models import YoutubeAccount

CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
EXPORT_FIELDS = ["channel_id", "handle", "title", "custom_url", "country", "state", "subscribers",
                 "is_subscriber_count_hidden", "views", "uploads", "is_verified", "published_at", "refreshed_at",
                 "source"]


def refresh_task(line: str) -> tuple[str, dict]:
    """'UC…' (a channel id) as it is; '@NASA' or 'nasa' -> the id of the stored channel of that handle
    (no flow finds a channel by handle in a refresh, and a handle is not an id)."""
    value = line.strip()
    if CHANNEL_ID.match(value):
        return "refresh_yt_profiles", {"channel_ids": [value]}
    handle = normal_handle(value)
    channel_id = (YoutubeAccount.objects.filter(handle=handle).order_by("-refreshed_at")
                  .values_list("channel_id", flat=True).first() if handle else None)
    if channel_id is None:
        raise InvalidParams(f"{value!r} is neither a channel id (UC…) nor the handle of a stored channel.")
    return "refresh_yt_profiles", {"channel_ids": [channel_id]}


def export_rows() -> Export:
    channels = YoutubeAccount.objects.order_by("id").values(*EXPORT_FIELDS)
    return Export(fields=EXPORT_FIELDS, count=channels.count(), rows=channels.iterator(chunk_size=2000))


register(PlatformOps(
    name="youtube", refresh_task=refresh_task, export_rows=export_rows,
    schedules=[{"name": "youtube.weekly_refresh", "func": "youtube.schedules.refresh_stale_channels",
                "schedule_type": Schedule.WEEKLY}],
))

"""Instagram's entry in beat.platforms: what refresh_profiles, export_profiles, reparse and
setup_schedules need, without the core knowing Instagram."""
from django_q.models import Schedule

from beat.platforms import Export, PlatformOps, register
from instagram import reparse, schedules
from instagram.models import InstagramAccount
from beat.handles import normal_handle

EXPORT_FIELDS = ["profile_id", "handle", "full_name", "state", "profile_type", "category", "followers", "following",
                 "media_count", "reels_count", "is_private", "is_verified", "avg_likes", "avg_comments", "avg_reach",
                 "avg_engagement", "avg_reels_plays", "refreshed_at", "source"]


def refresh_task(line: str) -> tuple[str, dict]:
    """'nasa' or '@nasa' -> by handle; digits -> by profile id ('@' + digits forces a handle)."""
    value = line.strip()
    if value.isdigit():
        return "refresh_profile_by_profile_id", {"profile_id": value}
    return "refresh_profile_by_handle", {"handle": normal_handle(value) or value}


def export_rows() -> Export:
    accounts = InstagramAccount.objects.order_by("id").values(*EXPORT_FIELDS)
    return Export(fields=EXPORT_FIELDS, count=accounts.count(), rows=accounts.iterator(chunk_size=2000))


register(PlatformOps(
    name="instagram", refresh_task=refresh_task, export_rows=export_rows, reparse=reparse.reparse_all,
    schedules=[
        {"name": "instagram.weekly_refresh.creators", "func": "instagram.schedules.refresh_stale_creators",
         "schedule_type": Schedule.WEEKLY},
        {"name": "instagram.weekly_refresh.others", "func": "instagram.schedules.refresh_stale_others",
         "schedule_type": Schedule.WEEKLY},
    ],
))

"""Every periodic job of Beat, installed idempotently (Schedule.name is not unique in django-q2)."""
from django_q.models import Schedule

from beat.platforms import platform_schedules

SCHEDULES = [
    {"name": "beat.queue.maintenance", "func": "beat.queue.maintenance.tick",
     "schedule_type": Schedule.MINUTES, "minutes": 1},
    {"name": "beat.housekeeping.prune", "func": "beat.housekeeping.prune", "schedule_type": Schedule.DAILY},
    {"name": "webhooks.delivery.tick", "func": "webhooks.delivery.tick", "schedule_type": Schedule.MINUTES,
     "minutes": 1},
]


def all_schedules() -> list[dict]:
    """Beat's own, then each registered platform's (beat.platforms)."""
    return [*SCHEDULES, *platform_schedules()]


def install(**_signal_kwargs) -> int:
    entries = all_schedules()
    for entry in entries:
        defaults = {k: v for k, v in entry.items() if k != "name"}
        Schedule.objects.update_or_create(name=entry["name"], defaults=defaults)
    return len(entries)

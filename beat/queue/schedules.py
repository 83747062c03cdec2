"""Every periodic job of Beat run by django-q2, installed idempotently (Schedule.name is not unique).

Queue maintenance is not one of them: it runs in its own process (beat.queue.maintainer), never
through the workers it repairs; install() removes the schedule older versions installed for it.
"""
from django_q.models import Schedule

from beat.platforms import platform_schedules

SCHEDULES = [
    {"name": "beat.housekeeping.prune", "func": "beat.housekeeping.prune", "schedule_type": Schedule.DAILY},
    {"name": "webhooks.delivery.tick", "func": "webhooks.delivery.tick", "schedule_type": Schedule.MINUTES,
     "minutes": 1},
]
RETIRED = ["beat.queue.maintenance"]


def all_schedules() -> list[dict]:
    """Beat's own, then each registered platform's (beat.platforms)."""
    return [*SCHEDULES, *platform_schedules()]


def install(**_signal_kwargs) -> int:
    Schedule.objects.filter(name__in=RETIRED).delete()
    entries = all_schedules()
    for entry in entries:
        defaults = {k: v for k, v in entry.items() if k != "name"}
        Schedule.objects.update_or_create(name=entry["name"], defaults=defaults)
    return len(entries)

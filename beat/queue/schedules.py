"""Every periodic job of Beat run by django-q2, installed idempotently (Schedule.name is not unique).

Queue maintenance is not one of them: it runs in its own process (beat.queue.maintainer), never
through the workers it repairs; install() removes the schedule older versions installed for it.
"""
from django_q.models import Schedule

SCHEDULES = [
    {"name": "beat.housekeeping.prune", "func": "beat.housekeeping.prune", "schedule_type": Schedule.DAILY},
]
RETIRED = ["beat.queue.maintenance"]


def install(**_signal_kwargs) -> int:
    Schedule.objects.filter(name__in=RETIRED).delete()
    for entry in SCHEDULES:
        defaults = {k: v for k, v in entry.items() if k != "name"}
        Schedule.objects.update_or_create(name=entry["name"], defaults=defaults)
    return len(SCHEDULES)

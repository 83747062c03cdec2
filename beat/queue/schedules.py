"""Every periodic job of Beat, installed idempotently (Schedule.name is not unique in django-q2)."""
from django_q.models import Schedule

SCHEDULES = [
    {"name": "beat.queue.maintenance", "func": "beat.queue.maintenance.tick",
     "schedule_type": Schedule.MINUTES, "minutes": 1},
    {"name": "beat.housekeeping.prune", "func": "beat.housekeeping.prune", "schedule_type": Schedule.DAILY},
    {"name": "webhooks.delivery.tick", "func": "webhooks.delivery.tick", "schedule_type": Schedule.MINUTES,
     "minutes": 1},
]


def install(**_signal_kwargs) -> int:
    for entry in SCHEDULES:
        defaults = {k: v for k, v in entry.items() if k != "name"}
        Schedule.objects.update_or_create(name=entry["name"], defaults=defaults)
    return len(SCHEDULES)

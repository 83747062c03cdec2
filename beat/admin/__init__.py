"""Beat's admin: tasks (with requeue / cancel / run now), the read-only flow registry page, the
dashboard, the events outbox and the queue's events (wedged clusters restarted, lost workers' tasks
taken back).

Django's admin autodiscover imports this package; importing the modules registers them.
"""
from beat.admin import dashboard, events, queue_events, registry, tasks  # noqa: F401

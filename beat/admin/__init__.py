"""Beat's admin: tasks (with requeue / cancel / run now), the read-only flow registry page, the
dashboard and the events outbox.

Django's admin autodiscover imports this package; importing the modules registers them.
"""
from beat.admin import dashboard, events, registry, tasks  # noqa: F401

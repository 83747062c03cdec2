"""Beat's admin: tasks (with requeue / cancel / run now), the read-only flow registry page and the
dashboard.

Django's admin autodiscover imports this package; importing the modules registers them.
"""
from beat.admin import dashboard, registry, tasks  # noqa: F401

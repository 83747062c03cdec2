"""Beat's admin: tasks (with requeue / cancel / run now) and the read-only flow registry page.

Django's admin autodiscover imports this package; importing the modules registers them.
"""
from beat.admin import registry, tasks  # noqa: F401

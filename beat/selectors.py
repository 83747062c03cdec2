"""Reads of tasks for the API: which tasks a caller may see."""
from django.db.models import QuerySet

from accounts.auth import is_client, is_staff
from beat.models import ScrapeRequestLog


def visible_tasks(user) -> QuerySet:
    """The tasks this caller may see: staff all of them, a client its own account's only."""
    tasks = ScrapeRequestLog.objects.select_related("account")
    if is_staff(user):
        return tasks.all()
    if is_client(user):
        return tasks.filter(account=user.account)
    return tasks.none()

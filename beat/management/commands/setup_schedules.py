"""`manage.py setup_schedules`: install every periodic job (Beat's own and each platform's) as
django-q2 schedules, idempotently: a second run updates them in place, never duplicates one."""
from django.core.management.base import BaseCommand
from django_q.models import Schedule

from beat.queue import schedules


class Command(BaseCommand):
    help = "Install or update the periodic jobs (django-q2 schedules); safe to run again."

    def handle(self, *args, **options):
        entries = schedules.all_schedules()
        before = set(Schedule.objects.filter(name__in=[e["name"] for e in entries]).values_list("name", flat=True))
        schedules.install()
        for entry in entries:
            verb = "updated" if entry["name"] in before else "created"
            self.stdout.write(f"{verb} {entry['name']} -> {entry['func']}")
        created = sum(entry["name"] not in before for entry in entries)
        self.stderr.write(f"{len(entries)} schedules: {created} created, {len(entries) - created} updated")

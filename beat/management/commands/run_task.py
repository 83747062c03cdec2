"""`manage.py run_task <id>`: claim one task and run it here, inline, to debug a flow."""
import json

from django.core.management.base import BaseCommand, CommandError

from beat.errors import BeatError
from beat.models import FINISHED, ScrapeRequestLog, Status
from beat.queue import services
from beat.queue.claim import claim_task
from beat.queue.runner import run, worker_name

SUCCEEDED = (Status.COMPLETE, Status.PARTIAL)


class Command(BaseCommand):
    help = "Claim a PENDING task and run it inline (no worker, the flow's concurrency cap aside)."

    def add_arguments(self, parser):
        parser.add_argument("task_id", type=int)
        parser.add_argument("--force", action="store_true",
                            help="Requeue an ended task first (COMPLETE and EXPIRED too), then run it.")

    def handle(self, *args, task_id, force, **options):
        task = ScrapeRequestLog.objects.filter(pk=task_id).first()
        if task is None:
            raise CommandError(f"No task #{task_id}.")
        if task.status != Status.PENDING:
            if not force or task.status not in FINISHED:
                hint = " (--force requeues it first)" if task.status in FINISHED else ""
                raise CommandError(f"Task #{task_id} is {task.status}, not PENDING{hint}.")
            try:
                services.requeue(task, finished=True)
            except BeatError as exc:
                raise CommandError(exc.message) from None
        claimed = claim_task(task_id, worker=f"run_task@{worker_name()}")
        if claimed is None:
            task.refresh_from_db()
            raise CommandError(f"Task #{task_id} was taken by {task.worker or 'someone else'} ({task.status}).")
        status = run(claimed)
        claimed.refresh_from_db()
        self.report(claimed, status)
        if status not in SUCCEEDED:
            raise CommandError(f"Task #{task_id} did not complete: {status}.")

    def report(self, task, status):
        line = f"Task #{task.pk} {task.flow} attempt {task.attempts}/{task.max_attempts}: {status}"
        if status == Status.PENDING and task.retry_at:
            line += f" (will be retried at {task.retry_at:%Y-%m-%d %H:%M:%S} UTC)"
        self.stdout.write(line)
        if task.data is not None:
            self.stdout.write("result: " + json.dumps(task.data, indent=2, sort_keys=True, ensure_ascii=False))
        if task.error is not None:
            self.stdout.write("error: " + json.dumps(task.error, indent=2, sort_keys=True, ensure_ascii=False))

"""`manage.py run_report <flow> --params '{...}'`: submit one report task and run it here, inline,
then print where its files are (a report for someone by hand, or a report flow being debugged)."""
import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from beat.errors import BeatError
from beat.models import Status
from beat.queue import services
from beat.queue.claim import claim_task
from beat.queue.runner import run, worker_name


class Command(BaseCommand):
    help = "Submit a report task (fetch_*_csv ...) and run it inline; prints its files and result."

    def add_arguments(self, parser):
        parser.add_argument("flow")
        parser.add_argument("--params", default="{}", help="The report's params as a JSON object.")
        parser.add_argument("--account", help="The account (slug) the task and its files belong to.")

    def handle(self, *args, flow, params, account, **options):
        try:
            params = json.loads(params)
        except ValueError as exc:
            raise CommandError(f"--params is not JSON: {exc}") from None
        owner = None
        if account:
            owner = Account.objects.filter(slug=account).first()
            if owner is None:
                raise CommandError(f"No account named {account!r}.")
        try:
            task, _ = services.submit(flow, params, account=owner)
        except BeatError as exc:
            raise CommandError(f"{exc.message} {json.dumps(exc.details) if exc.details else ''}".strip()) from None
        claimed = claim_task(task.pk, worker=f"run_report@{worker_name()}")
        if claimed is None:
            raise CommandError(f"Task #{task.pk} was taken by a worker before it could run here.")
        status = run(claimed)
        claimed.refresh_from_db()
        self.stdout.write(f"Task #{claimed.pk} {claimed.flow}: {status}")
        for key, name in ((claimed.data or {}).get("files") or {}).items():
            self.stdout.write(f"{key}: {name} ({claimed.data['rows'].get(key, 0)} rows)")
        if claimed.error:
            self.stdout.write("error: " + json.dumps(claimed.error, ensure_ascii=False))
        if status not in (Status.COMPLETE, Status.PARTIAL):
            raise CommandError(f"Task #{claimed.pk} did not complete: {status}.")

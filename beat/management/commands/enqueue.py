"""`manage.py enqueue <flow> --params JSON`: submit a task as the API would; prints its id alone."""
import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from beat.errors import BeatError
from beat.queue import services


def describe(error: BeatError) -> str:
    """The error's message, then one line per field error."""
    lines = [error.message]
    if isinstance(error.details, dict):
        for field, problems in error.details.items():
            problems = problems if isinstance(problems, list) else [problems]
            lines.append(f"  {field}: {' '.join(str(p) for p in problems)}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Submit a task for a flow. Prints the task id alone on stdout, so scripts can read it."

    def add_arguments(self, parser):
        parser.add_argument("flow", help="A registered flow name (see queue_status --all or the admin).")
        parser.add_argument("--params", default="{}", help="The flow's params as a JSON object.")
        parser.add_argument("--priority", type=int, default=1, help="Higher runs first (default 1).")
        parser.add_argument("--account", metavar="SLUG", help="The account the task is for.")
        parser.add_argument("--idempotency-key", help="Returns the existing task if this key was used.")

    def handle(self, *args, flow, params, priority, account, idempotency_key, **options):
        try:
            params = json.loads(params)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--params is not valid JSON: {exc}") from None
        owner = None
        if account:
            owner = Account.objects.filter(slug=account).first()
            if owner is None:
                raise CommandError(f"No account with slug {account!r} (create_api_key makes one).")
        try:
            task, created = services.submit(flow, params, account=owner, priority=priority,
                                            idempotency_key=idempotency_key)
        except BeatError as exc:
            raise CommandError(describe(exc)) from None
        if not created:
            self.stderr.write(f"Task {task.pk} already has this idempotency key ({task.status}); nothing new "
                              "was created.")
        self.stdout.write(str(task.pk))

"""`manage.py refresh_profiles <platform> <file>`: a refresh task per handle or id in the file
(one a line; blank lines and # comments skipped), queued for the workers or, with --now, run here."""
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from beat.errors import BeatError
from beat.management.progress import progress_bar, summary
from beat.models import Status
from beat.platforms import get_platform
from beat.queue import services
from beat.queue.claim import claim_task
from beat.queue.runner import run, worker_name

MAX_REFUSALS_SHOWN = 10
SUCCEEDED = ("queued", Status.COMPLETE, Status.PARTIAL, "taken by a worker")


def lines_of(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
    return [line for line in lines if line and not line.startswith("#")]


class Command(BaseCommand):
    help = "Refresh the profiles listed in a file (handles or ids, one a line): queue a task each, or run them now."

    def add_arguments(self, parser):
        parser.add_argument("platform", help="instagram or youtube (each platform app registers itself in beat.platforms).")
        parser.add_argument("file", help="One handle or id a line (Instagram: digits are ids, '@123' a handle; YouTube: UC… ids, or handles of stored channels).")
        parser.add_argument("--now", action="store_true", help="Run each task here, one after the other.")
        parser.add_argument("--priority", type=int, default=1, help="Higher runs first (default 1).")
        parser.add_argument("--account", metavar="SLUG",
                            help="The account the tasks are for: they may then spend its own credentials too.")

    def handle(self, *args, platform, file, now, priority, account, **options):
        try:
            ops = get_platform(platform)
        except BeatError as exc:
            raise CommandError(exc.message) from None
        owner = None
        if account:
            owner = Account.objects.filter(slug=account).first()
            if owner is None:
                raise CommandError(f"No account with slug {account!r} (create_api_key makes one).")
        lines = lines_of(file)
        counts, refused = Counter(), []
        with progress_bar(self, len(lines), "refreshing" if now else "queueing") as bar:
            for line in lines:
                try:
                    flow, params = ops.refresh_task(line)
                    task, _created = services.submit(flow, params, priority=priority, account=owner)
                except BeatError as exc:
                    counts["refused"] += 1
                    refused.append(f"{line}: {exc.message}")
                else:
                    counts[self.run_now(task) if now else "queued"] += 1
                bar.update()
        for reason in refused[:MAX_REFUSALS_SHOWN]:
            self.stderr.write(f"refused {reason}")
        summary(self, f"{len(lines)} profiles", {str(k).lower(): v for k, v in sorted(counts.items())})
        if lines and not any(counts[ok] for ok in SUCCEEDED):
            raise CommandError("No profile was queued or refreshed.")

    def run_now(self, task) -> str:
        claimed = claim_task(task.pk, worker=f"refresh_profiles@{worker_name()}")
        if claimed is None:  # a worker took it first: it runs there
            return "taken by a worker"
        return run(claimed)

"""`manage.py queue_status`: how many tasks each flow has waiting, ready, running, failed and done."""
from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone

from beat.flows import all_flows
from beat.models import ScrapeRequestLog, Status

COLUMNS = ("pending", "ready", "processing", "failed", "complete")


def flow_counts(now) -> list[dict]:
    """One grouped query: per flow, the counts of COLUMNS and the oldest pending task's created_at."""
    ready = (Q(status=Status.PENDING) & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
             & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))
    return list(ScrapeRequestLog.objects.values("flow").annotate(
        pending=Count("id", filter=Q(status=Status.PENDING)),
        ready=Count("id", filter=ready),
        processing=Count("id", filter=Q(status=Status.PROCESSING)),
        failed=Count("id", filter=Q(status=Status.FAILED)),
        complete=Count("id", filter=Q(status=Status.COMPLETE)),
        oldest_pending=Min("created_at", filter=Q(status=Status.PENDING)),
    ).order_by("flow"))


def age(seconds: float | None) -> str:
    """12s, 4m12s, 3h05m, 2d03h: two units are enough to see what is stuck."""
    if seconds is None:
        return "-"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    for big, big_size, small, small_size in (("d", 86400, "h", 3600), ("h", 3600, "m", 60), ("m", 60, "s", 1)):
        if seconds >= big_size:
            return f"{seconds // big_size}{big}{(seconds % big_size) // small_size:02d}{small}"


class Command(BaseCommand):
    help = "A table per flow: pending, ready, processing, failed, complete counts and oldest pending age."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also list registered flows with no tasks.")

    def handle(self, *args, **options):
        now = timezone.now()
        rows = {row["flow"]: row for row in flow_counts(now)}
        if options["all"]:
            for entry in all_flows():
                rows.setdefault(entry.name, {"flow": entry.name, **dict.fromkeys(COLUMNS, 0),
                                             "oldest_pending": None})
        table = [("flow", *COLUMNS, "oldest pending")]
        for name in sorted(rows):
            row = rows[name]
            oldest = row["oldest_pending"]
            table.append((name, *(str(row[c]) for c in COLUMNS),
                          age((now - oldest).total_seconds() if oldest else None)))
        totals = [sum(row[c] for row in rows.values()) for c in COLUMNS]
        table.append(("total", *(str(n) for n in totals), ""))
        self.print_table(table)

    def print_table(self, table):
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for n, row in enumerate(table):
            cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
            self.stdout.write("  ".join(cells).rstrip())
            if n == 0 or n == len(table) - 2:
                self.stdout.write("  ".join("-" * w for w in widths))

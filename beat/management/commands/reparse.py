"""`manage.py reparse [platform ...]`: rebuild rows from the raw payloads kept in the snapshot tables,
with the parsers of today and no upstream call (e.g. after a parser fix)."""
from django.core.management.base import BaseCommand, CommandError

from beat.errors import BeatError
from beat.management.progress import progress_bar, summary
from beat.platforms import all_platforms, get_platform


class Command(BaseCommand):
    help = "Rebuild stored rows from the snapshots' raw payloads (no upstream call)."

    def add_arguments(self, parser):
        parser.add_argument("platforms", nargs="*", help="Platforms to reparse (default: every one that can).")

    def handle(self, *args, platforms, **options):
        try:
            chosen = [get_platform(name) for name in platforms] or all_platforms()
        except BeatError as exc:
            raise CommandError(exc.message) from None
        for ops in chosen:
            if ops.reparse is None:
                self.stderr.write(f"{ops.name}: nothing to reparse (no reparse registered).")
                continue
            bars = []

            def progress(total, name=ops.name):
                bars.append(progress_bar(self, total, f"reparsing {name}"))
                return bars[-1].update

            try:
                counts = ops.reparse(progress)
            finally:
                for bar in bars:
                    bar.close()
            summary(self, ops.name, counts)

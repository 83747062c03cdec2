"""`manage.py export_profiles <platform> --format csv|jsonl [--output FILE]`: every stored profile,
one row each, on stdout or into a file; progress and the summary on stderr."""
import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from beat.errors import BeatError
from beat.management.progress import progress_bar, summary
from beat.platforms import get_platform


class Command(BaseCommand):
    help = "Export a platform's stored profiles as CSV or JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("platform", help="instagram (each platform app registers itself in beat.platforms).")
        parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")

    def handle(self, *args, platform, format, output, **options):
        try:
            export = get_platform(platform).export_rows()
        except BeatError as exc:
            raise CommandError(exc.message) from None
        stream = open(output, "w", encoding="utf-8", newline="") if output else getattr(self.stdout, "_out", sys.stdout)
        try:
            write = self.csv_writer(stream, export.fields) if format == "csv" else self.jsonl_writer(stream)
            with progress_bar(self, export.count, "exporting") as bar:
                for row in export.rows:
                    write(row)
                    bar.update()
        finally:
            if output:
                stream.close()
        summary(self, f"Exported {platform} profiles to {output or 'stdout'}", {"rows": bar.n})

    @staticmethod
    def csv_writer(stream, fields):
        writer = csv.DictWriter(stream, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        return writer.writerow

    @staticmethod
    def jsonl_writer(stream):
        def write(row):
            stream.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")

        return write

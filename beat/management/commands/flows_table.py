"""`manage.py flows_table [--write]`: the README's table of flows, from the registry (beat.flows.table)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from beat.flows import table


class Command(BaseCommand):
    help = "Print the Markdown table of every registered flow and its params, or write it into README.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Replace the table between README.md's markers.")

    def handle(self, *args, write, **options):
        if not write:
            self.stdout.write(table.markdown())
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        self.stderr.write(f"{readme}: {'updated' if table.write(readme) else 'already up to date'}")

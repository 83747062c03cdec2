"""Import the FastAPI Beat's credential rows (JSON lines: source, credentials, handle, enabled, ...)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beat.errors import BeatError
from credentials.models import State
from credentials.services import credential_upsert


class Command(BaseCommand):
    help = ("Imports credentials from a JSON lines file of the FastAPI Beat's rows ({source, credentials, "
            "handle, enabled}); a row with the same idempotency key updates the stored one.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"{file} does not exist")
        created = updated = 0
        problems = []
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    row, is_new = credential_upsert(**_fields(json.loads(line)))
                except (ValueError, TypeError, BeatError) as exc:
                    # the message never quotes the line: it holds a secret
                    problems.append(f"line {number}: {getattr(exc, 'message', None) or type(exc).__name__}")
                    continue
                created, updated = created + is_new, updated + (not is_new)
                self.stdout.write(f"line {number}: {'created' if is_new else 'updated'} {row}")
        self.stdout.write(self.style.SUCCESS(f"{created} created, {updated} updated, {len(problems)} skipped."))
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} line(s) were not imported")


def _fields(row) -> dict:
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    credentials = row.get("credentials")
    if isinstance(credentials, str):  # the FastAPI Beat's column may hold the JSON as text
        credentials = json.loads(credentials)
    enabled = row.get("enabled", True) not in (False, "false", "False", 0, "0")
    return {"source": row.get("source"), "credentials": credentials, "handle": row.get("handle") or "",
            "state": None if enabled else State.DISABLED,
            "state_reason": "" if enabled else "imported disabled from the FastAPI Beat"}

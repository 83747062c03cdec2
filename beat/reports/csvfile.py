"""CSV report files: UTF-8, a header row, empty cells for nulls, rows streamed.

Rows go to a temporary file on local disk as they come (never a list in memory), and the finished
file is handed to storage in one piece: a report of 25,000 videos holds one row at a time.
"""
import csv
import io
import json
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.files import File

from beat.reports.storage import save


def cell(value) -> str:
    """A value as the FastAPI Beat's files wrote it: None empty, lists comma-joined, times ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_csv(name: str, columns: Sequence[str], rows: Iterable[dict]) -> tuple[str, int]:
    """Write rows (dicts keyed by column; missing keys are empty) under `name` in storage.
    Returns the stored name and the number of rows written."""
    count = 0
    with tempfile.TemporaryFile() as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(column)) for column in columns])
            count += 1
        text.flush()
        spool.seek(0)
        stored = save(name, File(spool, name=name))
        text.detach()
    return stored, count


def write_jsonl(name: str, rows: Iterable[dict]) -> tuple[str, int]:
    """The same rows as JSON lines (one object a line, nulls as null), streamed like write_csv."""
    count = 0
    with tempfile.TemporaryFile() as spool:
        for row in rows:
            spool.write(json.dumps(row, ensure_ascii=False, default=cell).encode("utf-8") + b"\n")
            count += 1
        spool.seek(0)
        stored = save(name, File(spool, name=name))
    return stored, count

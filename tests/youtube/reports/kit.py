"""Shared by the report tests: reports run through the real queue (queue "reports"), files opened
from storage as a client would read them."""
import csv
import io
import json

from django.core.files.storage import default_storage

from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit


def run_report(flow: str, params: dict, *, account=None) -> ScrapeRequestLog:
    submitted, _ = submit(flow, params, account=account)
    task = claim.claim_next(queue="reports", worker="t")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task


def read_csv(task, key: str) -> tuple[list[str], list[dict]]:
    """The header and rows of a task's file, read as bytes and decoded as UTF-8."""
    name = task.data["files"][key]
    with default_storage.open(name, "rb") as handle:
        text = handle.read().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return header, [dict(zip(header, row)) for row in reader]


def read_jsonl(task, key: str) -> list[dict]:
    with default_storage.open(task.data["files"][key], "rb") as handle:
        return [json.loads(line) for line in handle.read().decode("utf-8").splitlines()]

"""What a report task hands back: each file under the FastAPI Beat's result key (channels_csv ...) as
a download link, the stored names under "files", and the rows of each under "rows".

A link is Beat's download route for the task (beat.api.views.files): it opens for the task's account
and for staff only, as the task itself does; on S3 the route answers with an expiring link.
"""
from django.urls import reverse

from beat.flows import FlowResult


def download_link(task_id: int | None, key: str) -> str | None:
    if task_id is None:
        return None
    return reverse("task-file", kwargs={"task_id": task_id, "key": key})


def report_result(ctx, files: dict[str, tuple[str, int]], *, refreshed: FlowResult | None = None,
                  **extra) -> FlowResult:
    """files: result key -> (stored name, rows). `refreshed`: the YouTube flows' result of the
    refresh this report ran first (its counts, sources and cut-short steps carry over)."""
    result = FlowResult(source="beat")
    if refreshed is not None:
        result.add_step("refresh", refreshed)
        result.source = refreshed.source or "beat"
    result.change("reports", [name for name, _ in files.values()])
    for key, (name, _) in files.items():
        result.extra[key] = download_link(ctx.task_id, key)
    result.extra["files"] = {key: name for key, (name, _) in files.items()}
    result.extra["rows"] = {key: rows for key, (_, rows) in files.items()}
    result.extra.update(extra)
    return result

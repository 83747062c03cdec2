"""Where report files live: Beat's default storage (local files under MEDIA_ROOT by default, S3 through
django-storages once configured). A report named again (its task run twice) replaces the earlier file.

Names: reports/<flow>/<YYYY-MM-DD>/<task id>/<file>: the flow, the day it ran and the task that made
it, so a file tells where it came from and the download route can find its task again.
"""
import re
from datetime import date

from django.core.files import File
from django.core.files.storage import default_storage

ROOT = "reports"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def report_name(flow: str, task_id: int | None, file: str, *, day: date | None = None) -> str:
    day = day or date.today()
    return f"{ROOT}/{_safe(flow)}/{day.isoformat()}/{task_id or 'inline'}/{_safe(file)}"


def save(name: str, content: File) -> str:
    """Store `content` under `name`, replacing a file of that name; returns the stored name."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, content)


def task_of(name: str) -> int | None:
    """The task id a report name carries (reports/<flow>/<day>/<task id>/<file>), or None."""
    parts = name.split("/")
    if len(parts) == 5 and parts[0] == ROOT and parts[3].isdigit():
        return int(parts[3])
    return None


def bucket() -> str:
    """Where reports are, as completion events say it: the S3 bucket of the storage, or "local"."""
    return getattr(default_storage, "bucket_name", None) or "local"


def _safe(part: str) -> str:
    return _UNSAFE.sub("_", str(part))[:120] or "file"

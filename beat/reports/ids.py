"""Id lists of a report: inline, or `<name>_path`, a CSV file of ids: a name in Beat's storage, or an
http(s) URL.

A URL is fetched only through the guarded fetch (beat.http.guarded: public addresses only, checked
before connecting and on every redirect, size-capped); other schemes (s3://, file://) are refused at
submit (400). A storage path is checked against the task's account when the task runs: a client
reads its own inputs (inputs/<account>/...) and its own tasks' report files; staff and system tasks
(no account) read any stored file.

The file is read row by row: the first cell of each row is an id; a first row that does not look
like an id (a header such as "channel_id") is skipped; blank rows are skipped.
"""
import codecs
import csv
import re
from collections.abc import Callable, Iterable

from django.core.files.storage import default_storage
from rest_framework import serializers

from beat.errors import Forbidden, InvalidParams, UpstreamError
from beat.http import guarded
from beat.reports.storage import task_of

INPUTS = "inputs"
MAX_IDS = 100_000  # ids one file may hold: far above a report's use, far below a memory problem
MAX_FILE_BYTES = 10 * 1024 * 1024  # a URL's answer read at most: 100,000 ids of 64 characters fit
CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL = re.compile(r"^https?://[^/\s]+", re.IGNORECASE)


class StoragePath(serializers.CharField):
    """A relative name in Beat's storage, or an http(s) URL; other schemes, absolute paths and '..'
    are refused (400). Whether a URL's host is public is checked when it is fetched."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        path = super().to_internal_value(data).strip()
        if _URL.match(path):
            return path
        if _SCHEME.match(path) or path.startswith("//"):
            raise serializers.ValidationError("Only http(s) URLs or paths in Beat's storage are accepted.")
        if path.startswith("/") or "\\" in path or ".." in path.split("/") or "\x00" in path:
            raise serializers.ValidationError("A relative path in Beat's storage, without '..'.")
        return path


def read_ids(path: str, *, account_id: int | None, valid: Callable[[str], bool] = bool, ctx=None
             ) -> tuple[list[str], list[str]]:
    """The ids of a CSV file (first column, first seen first) and the cells refused by `valid`."""
    if _URL.match(path):
        fetched = guarded.fetch(path, source="ids-file", max_bytes=MAX_FILE_BYTES, content_types=CSV_TYPES,
                                ctx=ctx)
        if not 200 <= fetched.status < 300:
            raise UpstreamError(f"the ids file answered {fetched.status}", source="ids-file", status=fetched.status)
        with fetched.file as handle:
            return _ids(handle, path, valid)
    check_readable(path, account_id)
    if not default_storage.exists(path):
        raise InvalidParams(f"No stored file {path!r}.", details={"path": path})
    with default_storage.open(path, "rb") as handle:
        return _ids(handle, path, valid)


def _ids(handle: Iterable[bytes], path: str, valid) -> tuple[list[str], list[str]]:
    ids, refused, seen = [], [], set()
    for number, row in enumerate(csv.reader(codecs.iterdecode(handle, "utf-8-sig"))):
        value = row[0].strip() if row else ""
        if not value or value in seen:
            continue
        if not valid(value):
            if number > 0:  # the first row may be a header
                refused.append(value[:100])
            continue
        seen.add(value)
        ids.append(value)
        if len(ids) > MAX_IDS:
            raise InvalidParams(f"{path} holds more than {MAX_IDS} ids.", details={"path": path})
    return ids, refused


def check_readable(path: str, account_id: int | None) -> None:
    """Forbidden unless the task's account may read this stored file."""
    if account_id is None:
        return
    from accounts.models import Account
    from beat.models import ScrapeRequestLog

    slug = Account.objects.filter(pk=account_id).values_list("slug", flat=True).first()
    if slug and path.startswith(f"{INPUTS}/{slug}/"):
        return
    task_id = task_of(path)
    if task_id is not None and ScrapeRequestLog.objects.filter(pk=task_id, account_id=account_id).exists():
        return
    raise Forbidden("This account may not read that file.", details={"path": path})


def id_list(params: dict, name: str, *, account_id: int | None, valid: Callable[[str], bool] = bool, ctx=None
            ) -> tuple[list[str], list[str]]:
    """The list `name` of a report's params: inline, or read from `<name>_path`."""
    inline = params.get(name)
    if inline:
        ids = list(dict.fromkeys(str(v).strip() for v in inline if str(v).strip()))
        return [v for v in ids if valid(v)], [v[:100] for v in ids if not valid(v)]
    return read_ids(params[f"{name}_path"], account_id=account_id, valid=valid, ctx=ctx)

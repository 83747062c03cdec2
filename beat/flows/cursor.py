"""Resume cursors handed to clients: opaque and signed (DESIGN: a forged one is a 400).

A walk that stops with more left hands the client a cursor to resume from. Inside it are the
source that gave the page cursor (a cursor only means something to that source), the source's own
cursor, and what it pages: a `kind` (e.g. "instagram.followers") and a `key` (the profile id, the
hashtag). It is signed with SECRET_KEY, so a client can only hand back what Beat gave it: never a
source of its choosing, never text of its own to be put into an upstream path or query.

    token = sign_cursor("instagram.followers", key=profile_id, source=pager.source, position=walk.next_cursor)
    resume = open_cursor(token, kind="instagram.followers", key=profile_id, sources=order)
    resume.source, resume.position

Params take the token through params.ResumeCursorField, which refuses a forged one at submit (400);
the flow opens it again when it runs, against the order configured then.
"""
from collections.abc import Collection
from dataclasses import dataclass

from django.core import signing

from beat.errors import InvalidParams

SALT = "beat.flows.cursor"
MAX_LENGTH = 4000  # upstream cursors run to a few hundred characters; a signed one adds ~30%


@dataclass(frozen=True)
class ResumeCursor:
    kind: str
    key: str
    source: str
    position: str  # the source's own cursor


def sign_cursor(kind: str, *, key: str, source: str | None, position: str | None) -> str | None:
    """The opaque cursor a client gets, or None when there is nothing to resume."""
    if not (source and position):
        return None
    return signing.dumps([kind, str(key), source, position], salt=SALT, compress=True)


def read_cursor(token: str) -> ResumeCursor:
    """The cursor's content if Beat signed it; InvalidParams (400) otherwise."""
    try:
        kind, key, source, position = signing.loads(token, salt=SALT)
        return ResumeCursor(str(kind), str(key), str(source), str(position))
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise _refused("It is not a cursor Beat handed out.") from None


def open_cursor(token: str, *, kind: str, key: str, sources: Collection[str]) -> ResumeCursor:
    """Read a client's cursor for resuming `kind` of `key`; its source must be one of `sources` (the
    order configured for the operation now)."""
    cursor = read_cursor(token)
    if cursor.kind != kind or cursor.key != str(key):
        raise _refused("It was handed out for other work.")
    if cursor.source not in sources:
        raise _refused(f"Its source {cursor.source} no longer serves this.")
    return cursor


def _refused(reason: str) -> InvalidParams:
    return InvalidParams(f"Invalid resume cursor. {reason}", details={"cursor": [reason]})

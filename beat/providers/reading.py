"""Reading an upstream answer: a field missing or malformed is the upstream's fault, not Beat's.

A parser that meets an answer without a field it needs fails with KeyError, TypeError or ValueError.
Left alone, that is an internal error: the task is retried as a bug and fallback never moves to the
next provider. Inside `reading(source)` it becomes BadResponse naming the source and the field, so
fallback moves on and a walk whose later page is unreadable ends PARTIAL with that reason.
"""
from contextlib import contextmanager

from beat.errors import BadResponse

UNREADABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError)


@contextmanager
def reading(source: str, what: str = "answer"):
    try:
        yield
    except UNREADABLE as exc:
        raise unreadable(source, exc, what) from exc


def unreadable(source: str, exc: Exception, what: str = "answer") -> BadResponse:
    if isinstance(exc, KeyError):
        field = str(exc.args[0]) if exc.args else "?"
        message = f"{source}: the {what} has no {field!r}"
    else:
        field = None
        message = f"{source}: unreadable {what} ({type(exc).__name__}: {str(exc)[:200]})"
    return BadResponse(message, source=source, details={"source": source, "field": field})

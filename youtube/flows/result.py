"""The YouTube flows' result, built in this one place.

Stand-in, until the core's typed result (beat.flows.result.FlowResult) and signed resume cursors
(beat.flows.cursor) are on main: the same names and the same JSON, so switching is replacing the
imports below and registering with beat.flows.flow directly. Nothing else in youtube.flows builds
a result.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core import signing

from beat.errors import InvalidParams
from beat.flows import flow

END = "end"
CURSOR_SALT = "beat.flows.cursor"  # beat.flows.cursor's salt: cursors handed out now stay valid after the switch


@dataclass
class FlowResult:
    source: str | None = None
    fetched: int = 0
    created: int = 0
    updated: int = 0
    pages: int = 0
    stop_reason: str = END
    next_cursor: str | None = None
    partial: bool = False
    error: str = ""
    state: str | None = None
    message: str = ""
    changed: dict[str, list] = field(default_factory=dict)
    tried: list[dict] = field(default_factory=list)
    steps: dict[str, "FlowResult"] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def count(self, *, fetched: int = 0, created: int = 0, updated: int = 0, pages: int = 0) -> "FlowResult":
        self.fetched += fetched
        self.created += created
        self.updated += updated
        self.pages += pages
        return self

    def change(self, kind: str, ids: Iterable) -> "FlowResult":
        known = self.changed.setdefault(kind, [])
        for value in ids:
            value = list(value) if isinstance(value, tuple) else value
            if value not in known:
                known.append(value)
        return self

    def stop(self, reason: str, *, partial: bool = False, next_cursor: str | None = None,
             error: str = "") -> "FlowResult":
        self.stop_reason, self.partial, self.next_cursor, self.error = reason, partial, next_cursor, error
        return self

    def add_step(self, name: str, step: "FlowResult") -> "FlowResult":
        """Merge one step: counts add up, changed ids merge, a step cut short makes the whole partial."""
        first = not self.steps
        self.steps[name] = step
        self.count(fetched=step.fetched, created=step.created, updated=step.updated, pages=step.pages)
        for kind, ids in step.changed.items():
            self.change(kind, ids)
        cut = [f"{n}: {s.stop_reason}" for n, s in self.steps.items() if s.partial]
        if cut:
            self.stop_reason, self.partial = "; ".join(cut), True
        elif first:
            self.stop_reason = step.stop_reason
        return self

    def as_dict(self) -> dict:
        out = {"state": str(self.state)} if self.state is not None else {}
        if self.message:
            out["message"] = self.message
        out.update(source=self.source, fetched=self.fetched, created=self.created, updated=self.updated,
                   pages=self.pages, stop_reason=self.stop_reason, next_cursor=self.next_cursor,
                   changed={kind: list(ids) for kind, ids in self.changed.items()}, tried=list(self.tried))
        if self.error:
            out["error"] = self.error
        if self.partial:
            out["partial"] = True
        if self.steps:
            out["steps"] = {name: step.as_dict() for name, step in self.steps.items()}
        out.update(self.extra)
        return out


def sign_cursor(kind: str, *, key: str, source: str | None, position: str | None) -> str | None:
    """An opaque resume cursor (beat.flows.cursor.sign_cursor's format)."""
    if not (source and position):
        return None
    return signing.dumps([kind, str(key), source, position], salt=CURSOR_SALT, compress=True)


def read_cursor(token: str) -> tuple[str, str, str, str]:
    """(kind, key, source, position) of a cursor Beat signed; InvalidParams for anything else."""
    try:
        kind, key, source, position = signing.loads(token, salt=CURSOR_SALT)
        return str(kind), str(key), str(source), str(position)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise InvalidParams("Invalid resume cursor. It is not a cursor Beat handed out.",
                            details={"cursor": ["It is not a cursor Beat handed out."]}) from None


def open_cursor(token: str, *, kind: str, key: str, sources) -> tuple[str, str]:
    """(source, the source's own cursor) of a cursor Beat handed out for `kind` of `key`; InvalidParams
    for anything else (beat.flows.cursor.open_cursor's rules)."""
    got_kind, got_key, source, position = read_cursor(token)
    if got_kind != kind or got_key != str(key) or source not in sources:
        raise InvalidParams("Invalid resume cursor. It was handed out for other work.",
                            details={"cursor": ["It was handed out for other work."]})
    return str(source), str(position)


def youtube_flow(name: str, **options):
    """Register a flow returning a FlowResult; the task stores its JSON."""

    def decorator(func):
        def run(ctx, **params):
            return func(ctx, **params).as_dict()

        run.__doc__, run.__name__ = func.__doc__, func.__name__
        flow(name, platform="YOUTUBE", queue="youtube", **options)(run)
        return func

    return decorator

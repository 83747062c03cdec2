"""What a flow hands back: one small typed result, built in one place and merged step by step.

The runner stores `as_dict()` as the task's data, and `partial` decides PARTIAL over COMPLETE
(DESIGN: incomplete work is never COMPLETE). Every platform's flows return one of these:

    result = FlowResult(source=answer.source, fetched=1, pages=1, tried=answer.tried)
    result.count(created=stored.created, updated=stored.updated)
    result.change("shortcodes", stored.keys)          # the ids it wrote, for per-task events
    return result

A flow of several steps (a profile, then its posts, then its reels) adds each step's own result with
`add_step(name, step)`: counts and pages add up, changed ids merge without repeats, and a step cut
short makes the whole result partial, with the reason named after the step.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

END = "end"  # the default stop reason: the work asked for is done


@dataclass
class FlowResult:
    source: str | None = None  # the provider that answered (the first step's, for several)
    fetched: int = 0  # items read from upstream
    created: int = 0  # rows inserted
    updated: int = 0  # rows updated
    pages: int = 0  # upstream pages (calls that returned items) read
    stop_reason: str = END
    next_cursor: str | None = None  # a signed resume cursor (beat.flows.cursor) when stopped with more left
    partial: bool = False  # stopped before the work asked for was done: the task ends PARTIAL
    error: str = ""  # what cut a partial walk short
    state: str | None = None  # the entity's state, when the answer is about one (ok, not_found, private)
    message: str = ""  # said with a state: what upstream answered
    changed: dict[str, list] = field(default_factory=dict)  # kind -> ids written, first seen first
    tried: list[dict] = field(default_factory=list)  # the fallback's log: which sources, what happened
    steps: dict[str, "FlowResult"] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # what this flow alone says (profile_id, hashtag, averages)

    def count(self, *, fetched: int = 0, created: int = 0, updated: int = 0, pages: int = 0) -> "FlowResult":
        self.fetched += fetched
        self.created += created
        self.updated += updated
        self.pages += pages
        return self

    def change(self, kind: str, ids: Iterable) -> "FlowResult":
        """Note ids written under `kind` (shortcodes, profile_ids ...); repeats are dropped, order kept.
        Always makes the kind appear, so a reader sees "none" rather than "not tracked"."""
        known = self.changed.setdefault(kind, [])
        seen = set(map(_hashable, known))
        for value in ids:
            value = list(value) if isinstance(value, tuple) else value
            if _hashable(value) not in seen:
                seen.add(_hashable(value))
                known.append(value)
        return self

    def stop(self, reason: str, *, partial: bool = False, next_cursor: str | None = None,
             error: str = "") -> "FlowResult":
        self.stop_reason, self.partial, self.next_cursor, self.error = reason, partial, next_cursor, error
        return self

    def add_step(self, name: str, step: "FlowResult") -> "FlowResult":
        """Merge one step. The result stops for its first step's reason, or, when any step was cut
        short, for those steps' reasons ("reels: rate_limited"), and is then partial."""
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
        """The task's data: plain JSON. Optional parts appear only when they say something."""
        out = {}
        if self.state is not None:
            out["state"] = str(self.state)
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


def result_data(result) -> dict:
    """A flow's return value as the task's data. Flows return a FlowResult; a plain dict is kept as
    it is for diagnostics (beat_echo answers its payload back, it has nothing to count)."""
    if isinstance(result, FlowResult):
        return result.as_dict()
    return dict(result or {})


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value

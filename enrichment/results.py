"""The one place enrichment flows build their result: the core's typed FlowResult."""
from beat.flows import FlowResult


def flow_result(*, source: str | None = None, fetched: int = 0, created: int = 0, updated: int = 0,
                changed: dict | None = None, tried: list | None = None, stop_reason: str = "end",
                partial: bool = False, **extra) -> FlowResult:
    """extra: what only this flow says (the GPT answer, the report's path, the sentiment counts)."""
    result = FlowResult(source=source, tried=list(tried or []), extra=extra)
    result.count(fetched=fetched, created=created, updated=updated)
    for kind, ids in (changed or {}).items():
        result.change(kind, ids)
    return result.stop(stop_reason, partial=partial)

"""The one place enrichment flows build their result.

Shaped as the core's typed flow result (counts, source, stop reason, partial, changed ids, tried,
extra) so that moving to beat.flows.FlowResult, once it is on main, changes this function alone.
"""


def flow_result(*, source: str | None = None, fetched: int = 0, created: int = 0, updated: int = 0,
                changed: dict | None = None, tried: list | None = None, stop_reason: str = "end",
                partial: bool = False, **extra) -> dict:
    result = {"source": source, "fetched": fetched, "created": created, "updated": updated, "pages": 0,
              "stop_reason": stop_reason, "next_cursor": None, "changed": dict(changed or {}),
              "tried": list(tried or []), **extra}
    if partial:  # the runner ends the task PARTIAL
        result["partial"] = True
    return result

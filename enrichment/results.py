"""The one place enrichment flows build their result.

Shaped as the core's typed flow result (counts, source, changed ids, tried, extra) so that moving to
beat.flows.result.FlowResult, once it is on main, changes this function alone.
"""


def flow_result(*, source: str | None = None, fetched: int = 0, created: int = 0, updated: int = 0,
                changed: dict | None = None, tried: list | None = None, **extra) -> dict:
    return {"source": source, "fetched": fetched, "created": created, "updated": updated, "pages": 0,
            "stop_reason": "end", "next_cursor": None, "changed": dict(changed or {}), "tried": list(tried or []),
            **extra}

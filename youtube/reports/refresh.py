"""A report's refresh of many channels, playlists or videos through the YouTube flows, in its task.

The steps' figures add up into one result; per-entity steps are not kept (a report of 500 channels
would carry 500 step results). A rate limit on the first step reschedules the task (nothing is lost);
on a later one the refresh stops there, the report is written from what is stored and the task
ends PARTIAL, naming what was not refreshed.
"""
from collections.abc import Callable, Iterable

from beat.errors import RateLimited
from beat.flows import FlowResult


def refresh_each(items: Iterable[str], step: Callable[[str], FlowResult]) -> tuple[FlowResult, dict]:
    """step(item) for each item; returns the summed result and {item: its step result}."""
    total, done = FlowResult().change("not_found", []), {}
    items = list(items)
    for number, item in enumerate(items):
        try:
            result = step(item)
        except RateLimited as exc:
            if number == 0:
                raise
            total.extra["not_refreshed"] = items[number:]
            return total.stop("rate_limited", partial=True, error=exc.message), done
        done[item] = result
        total.source = total.source or result.source
        total.count(fetched=result.fetched, created=result.created, updated=result.updated, pages=result.pages)
        if result.state == "not_found":
            total.change("not_found", [item])
        if result.partial:
            total.stop(f"{item}: {result.stop_reason}", partial=True, error=result.error)
    return total, done

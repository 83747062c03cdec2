"""What the bulk commands and schedules need from each platform, registered by the platform app
itself (instagram.platform; youtube later), so the core names no platform and has no if/elif on one.

    register(PlatformOps(name="instagram", refresh_task=..., export_rows=..., reparse=..., schedules=[...]))

Used by `refresh_profiles`, `export_profiles`, `reparse` and `setup_schedules` (beat.queue.schedules).
"""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from beat.errors import InvalidParams


@dataclass(frozen=True)
class Export:
    fields: list[str]  # the columns, in order
    count: int  # rows to come (for the progress bar)
    rows: Iterator[dict]


@dataclass(frozen=True)
class PlatformOps:
    name: str  # lower case, as commands take it: "instagram"
    # one line of a file of handles or ids -> (flow, params) of the task that refreshes that profile
    refresh_task: Callable[[str], tuple[str, dict]]
    export_rows: Callable[[], Export]
    # rebuild the platform's rows from stored raw payloads, no upstream call: (progress) -> summary
    # counts; progress(total) returns a callable to call once per item done
    reparse: Callable[..., dict] | None = None
    schedules: list[dict] = field(default_factory=list)  # django-q2 Schedule fields, each with a unique name


_PLATFORMS: dict[str, PlatformOps] = {}


def register(ops: PlatformOps) -> PlatformOps:
    _PLATFORMS[ops.name] = ops
    return ops


def get_platform(name: str) -> PlatformOps:
    try:
        return _PLATFORMS[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(_PLATFORMS)) or "none"
        raise InvalidParams(f"No platform named {name!r} (registered: {known}).") from None


def all_platforms() -> list[PlatformOps]:
    return [_PLATFORMS[name] for name in sorted(_PLATFORMS)]


def platform_schedules() -> Iterable[dict]:
    return [entry for ops in all_platforms() for entry in ops.schedules]

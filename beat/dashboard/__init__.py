"""The admin dashboard's panels: one registry, so an app adds its own panel without the core knowing it
(credentials registers credential health; a platform app could add its own).

    @panel("queue", title="Queue", template="admin/dashboard/queue.html", order=10)
    def queue(now) -> dict: ...   # the template's context; a fixed number of queries, whatever the data

Panels are read at request time, in `order`; beat.admin.dashboard renders them.
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    template: str
    order: int
    build: Callable  # (now) -> template context


_PANELS: dict[str, Panel] = {}


def panel(name: str, *, title: str, template: str, order: int = 100):
    def register(build):
        _PANELS[name] = Panel(name, title, template, order, build)
        return build

    return register


def all_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.name))


from beat.dashboard import queue, upstream  # noqa: E402,F401  (register the core's panels)

"""The one flow registry: name -> function, params schema, timeout, concurrency cap, queue, attempts.

API, admin, commands, schedules and messages all resolve flows here; there is no other dispatch.
Each installed app's `flows.py` registers its flows when Django starts (autodiscover).
"""
import importlib
import time
from dataclasses import dataclass, field
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules
from rest_framework import serializers

from beat.errors import FlowTimeout, InvalidParams, NotImplementedYet, UnknownFlow

DEFAULT_TIMEOUT = 600
DEFAULT_CONCURRENCY = 10
DEFAULT_MAX_ATTEMPTS = 3


@dataclass
class FlowContext:
    """What a running flow knows about its task."""

    task_id: int | None
    flow: str
    account_id: int | None = None
    attempt: int = 1
    deadline: float | None = None  # time.monotonic() value
    priority: int = 1  # the task's: its place in line for an upstream budget (beat.ratelimit.Waiter)
    notes: dict = field(default_factory=dict)

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check_deadline(self) -> None:
        left = self.seconds_left()
        if left is not None and left <= 0:
            raise FlowTimeout(f"{self.flow} ran past its timeout")


@dataclass(frozen=True)
class Flow:
    name: str
    func: Callable[..., dict]
    params: type[serializers.Serializer]
    platform: str
    timeout: int = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    queue: str = "default"
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    implemented: bool = True
    aliases: tuple[str, ...] = ()
    description: str = ""

    def validate(self, params) -> dict:
        """Clean params or raise InvalidParams with the field errors."""
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise InvalidParams("params must be a JSON object", details={"params": ["Expected an object."]})
        serializer = self.params(data=params)
        if not serializer.is_valid():
            raise InvalidParams(f"Invalid params for {self.name}", details=serializer.errors)
        return _jsonable(serializer.validated_data)

    def run(self, ctx: FlowContext, params: dict) -> dict:
        return self.func(ctx, **params) or {}


def _jsonable(value):
    """validated_data may hold dates and OrderedDicts; tasks store plain JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_FLOWS: dict[str, Flow] = {}
_ALIASES: dict[str, str] = {}


def _register(entry: Flow) -> Flow:
    if entry.timeout > settings.BEAT_MAX_FLOW_TIMEOUT:
        raise ImproperlyConfigured(f"{entry.name}: timeout above BEAT_MAX_FLOW_TIMEOUT")
    for name in (entry.name, *entry.aliases):
        if name in _FLOWS or name in _ALIASES:
            raise ImproperlyConfigured(f"flow {name!r} is registered twice")
    _FLOWS[entry.name] = entry
    for alias in entry.aliases:
        _ALIASES[alias] = entry.name
    return entry


def flow(name: str, *, params, platform: str, **options):
    """Register the decorated function `func(ctx, **params) -> result dict` as a flow."""

    def decorator(func):
        _register(Flow(name=name, func=func, params=params, platform=platform,
                       description=(func.__doc__ or "").strip().split("\n")[0], **options))
        return func

    return decorator


def placeholder(name: str, *, params, platform: str, **options) -> Flow:
    """Register a flow whose params are known but whose work is not built yet."""

    def not_built(ctx, **_params):
        raise NotImplementedYet(f"{name} is not implemented yet")

    return _register(Flow(name=name, func=not_built, params=params, platform=platform,
                          implemented=False, **options))


def get_flow(name: str) -> Flow:
    entry = _FLOWS.get(_ALIASES.get(name, name))
    if entry is None:
        raise UnknownFlow(f"No flow named {name!r}")
    return entry


def all_flows() -> list[Flow]:
    return sorted(_FLOWS.values(), key=lambda f: f.name)


def autodiscover() -> None:
    autodiscover_modules("flows")
    for module in settings.BEAT_FLOW_MODULES:
        importlib.import_module(module)

"""The one flow registry: name -> function, params schema, timeout, concurrency cap, queue, attempts.

API, admin, commands, schedules and messages all resolve flows here; there is no other dispatch.
Each installed app's `flows.py` registers its flows when Django starts (autodiscover).
"""
import importlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules
from rest_framework import serializers

from beat import json_limits
from beat.errors import FlowTimeout, Forbidden, InvalidParams, NotImplementedYet, UnknownFlow
from beat.flows.result import FlowResult, result_data

DEFAULT_TIMEOUT = 600
DEFAULT_CONCURRENCY = 10
DEFAULT_MAX_ATTEMPTS = 3


class Submitter(str, Enum):
    """Who asks for a task. A caller may be several at once (a key allowed to manage tokens is a client
    and a token manager); a flow names the ones it accepts."""

    CLIENT = "client"  # any API key of an account
    TOKEN_MANAGER = "token_manager"  # an API key with can_manage_tokens
    STAFF = "staff"  # a staff user with the model permission (admin, API session)
    SYSTEM = "system"  # commands, schedules, the message bridge: no person behind the request


ANYONE = frozenset(Submitter)
# flows that read or write credentials: never an ordinary client key
CREDENTIAL_MANAGERS = frozenset({Submitter.TOKEN_MANAGER, Submitter.STAFF, Submitter.SYSTEM})


@dataclass
class FlowContext:
    """What a running flow knows about its task."""

    task_id: int | None
    flow: str
    account_id: int | None = None
    attempt: int = 1
    deadline: float | None = None  # time.monotonic() value
    priority: int = 1  # the task's: its place in line for an upstream budget (beat.ratelimit.Waiter)
    notes: dict = field(default_factory=dict)  # a per-task memo (the account's daily call cap, fallback)

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check_deadline(self) -> None:
        left = self.seconds_left()
        if left is not None and left <= 0:
            raise FlowTimeout(f"{self.flow} ran past its timeout")


@dataclass(frozen=True)
class Flow:
    name: str
    func: Callable[..., FlowResult | dict]
    params: type[serializers.Serializer]
    platform: str
    timeout: int = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    queue: str = "default"
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    implemented: bool = True
    aliases: tuple[str, ...] = ()
    description: str = ""
    # Stricter params for a client's API key (e.g. beat_echo's short sleeps); None: the same as params.
    client_params: type[serializers.Serializer] | None = None
    submitters: frozenset[Submitter] = ANYONE  # who may submit a task of this flow

    def check_submitter(self, roles) -> None:
        """The one check of who may submit this flow: Forbidden (403) unless one of the caller's
        roles is among the flow's submitters."""
        if not self.submitters & frozenset(roles):
            allowed = ", ".join(sorted(role.value for role in self.submitters))
            raise Forbidden(f"{self.name} may be submitted only by: {allowed}.",
                            details={"flow": self.name, "submitters": sorted(r.value for r in self.submitters)})

    def validate(self, params, *, client: bool = False) -> dict:
        """Clean params or raise InvalidParams with the field errors. `client`: a client's API key
        submits, so client_params apply."""
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise InvalidParams("params must be a JSON object", details={"params": ["Expected an object."]})
        try:  # every edge (API, admin, commands, messages) comes through here
            json_limits.check(params, where="params", max_bytes=settings.BEAT_MAX_PARAMS_BYTES)
        except json_limits.Unacceptable as exc:
            raise InvalidParams(exc.message, details={"params": [exc.message]}) from None
        schema = self.client_params if client and self.client_params else self.params
        try:
            clean = _validator(schema).run_validation(params)
        except serializers.ValidationError as exc:  # a dict of field errors, as serializer.errors would be
            raise InvalidParams(f"Invalid params for {self.name}", details=exc.detail) from None
        return _jsonable(clean)

    def run(self, ctx: FlowContext, params: dict) -> dict:
        """The task's data: the flow's FlowResult as JSON ("partial": true makes the task PARTIAL)."""
        return result_data(self.func(ctx, **params))


_validators = threading.local()


def _validator(schema: type[serializers.Serializer]) -> serializers.Serializer:
    """One instance of a params schema per thread, made on first use: DRF deep-copies every declared
    field into each serializer it makes, which cost more than the validation on the path of every
    submit. run_validation keeps nothing on the instance (the schemas read no context, instance or
    initial_data), and each thread has its own, so instances are reused safely."""
    made = _validators.__dict__.setdefault("by_schema", {})
    if schema not in made:
        made[schema] = schema()
    return made[schema]


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
    """Register the decorated function `func(ctx, **params) -> FlowResult` as a flow."""

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


@contextmanager
def stand_in(name: str, func: Callable[..., FlowResult | dict], **changes) -> Iterator[Flow]:
    """Run `func` in place of a registered flow's work for a while (tests, demonstrations): its name,
    params and queue stay as registered (`changes` may set others, e.g. max_attempts), so submit and
    the runner see the same flow."""
    original = get_flow(name)
    _FLOWS[original.name] = replace(original, func=func, implemented=True, **changes)
    try:
        yield _FLOWS[original.name]
    finally:
        _FLOWS[original.name] = original


def all_flows() -> list[Flow]:
    return sorted(_FLOWS.values(), key=lambda f: f.name)


def flow_count() -> int:
    """How many flows are registered (cheap: the claim asks on every call)."""
    return len(_FLOWS)


def autodiscover() -> None:
    autodiscover_modules("flows")
    for module in settings.BEAT_FLOW_MODULES:
        importlib.import_module(module)

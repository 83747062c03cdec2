"""One Instagram operation through the fallback order, keeping what upstream sent for snapshots."""
from collections.abc import Callable, Iterable

from beat.flows import FlowResult
from credentials.fallback import FallbackResult, call_with_fallback
from instagram.providers.orders import providers_for
from instagram.services import UpsertResult


def first_answer(ctx, operation: str, ask: Callable, *, source: str | None = None, handle: str | None = None,
                 skip: Iterable[str] = ()) -> FallbackResult:
    """ask(provider) -> value, from the first provider of the operation's order that answers.
    The value comes back as (value, raw) so snapshots keep what upstream sent: raw is the answer, or the
    list of answers when the operation took several requests (Graph insights)."""
    skipped = set(skip)
    providers = [cls for cls in providers_for(operation, source=source) if cls.source not in skipped]
    return call_with_fallback(operation, providers, lambda provider: (ask(provider), _raw(provider)), ctx=ctx,
                              handle=handle)


def _raw(provider):
    answers = [answer.payload for answer in provider.answers]
    return answers[0] if len(answers) == 1 else (answers or None)


def answered(answer: FallbackResult, stored: UpsertResult, *, fetched: int = 1, **extra) -> FlowResult:
    """The result of a flow that is one answer (a post, a story list, insights), stored."""
    result = FlowResult(state="ok", source=answer.source, tried=answer.tried, pages=1, extra=extra)
    result.count(fetched=fetched, created=stored.created, updated=stored.updated)
    return result.change("shortcodes", ()).change("profile_ids", ())

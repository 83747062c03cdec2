"""Ask the model about one profile until its answer is usable: at most three asks, the second and
third only for the keys still missing; then fail with every raw reply kept.

The call goes through the credential layer: stored `openai` credentials first (least recently used,
Beat's rate limits, a 429 cools the credential, a 401 sets it aside), the environment's key when none
is stored or usable.
"""
import json
from dataclasses import dataclass, field

from accounts.quotas import upstream_call_limits
from beat.errors import NoProvider, RateLimited, UnusableAnswer
from beat.providers.capabilities import CHAT
from beat.ratelimit import acquire, source_limits
from credentials.fallback import call_with_fallback, counted_from_the_call
from enrichment.gpt.answers import REQUIRED, check, shaped
from enrichment.gpt.prompts import prompt
from enrichment.providers.openai import Completion, OpenAIChat, environment_key

MAX_ASKS = 3  # the first ask and up to two more for the missing keys
KEPT_REPLY_CHARS = 4000


@dataclass
class Insight:
    """What one flow learnt about a profile, and what it cost."""

    kind: str
    handle: str
    data: dict
    prompt_version: str
    model: str
    asks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    replies: list[str] = field(default_factory=list)

    def count(self, completion: Completion) -> None:
        self.asks += 1
        self.model = completion.model or self.model
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        self.total_tokens += completion.total_tokens
        self.replies.append(completion.content[:KEPT_REPLY_CHARS])


def ask(kind: str, profile: dict, *, ctx=None) -> Insight:
    """profile: {name, handle, bio, category?}."""
    asked = prompt(kind)
    insight = Insight(kind=kind, handle=profile["handle"], data={}, prompt_version=asked.version,
                      model=asked.model_name())
    messages = asked.messages(profile)
    usable: dict = {}
    for _ in range(MAX_ASKS):
        completion = complete(messages, model=asked.model_name(), temperature=asked.temperature, ctx=ctx)
        insight.count(completion)
        found, _missing = check(kind, decode(completion.content))
        for key, value in found.items():
            usable.setdefault(key, value)  # a later ask only fills in what is still missing
        missing = [key for key in REQUIRED[kind] if key not in usable]
        if not missing:
            insight.data = shaped(kind, insight.handle, usable)
            return insight
        messages = [*messages, {"role": "assistant", "content": completion.content}, asked.reask_message(missing)]
    raise UnusableAnswer(f"{kind} for @{insight.handle}: still missing {', '.join(missing)} after {insight.asks} asks",
                         source="openai", details={"kind": kind, "handle": insight.handle, "missing": missing,
                                                   "asks": insight.asks, "total_tokens": insight.total_tokens,
                                                   "replies": insight.replies})


def complete(messages: list[dict], *, model: str, temperature: float, ctx=None) -> Completion:
    def chat(provider: OpenAIChat) -> Completion:
        return provider.chat(messages, model=model, temperature=temperature)

    try:
        return call_with_fallback(CHAT, (OpenAIChat,), chat, ctx=ctx).value
    except NoProvider:
        key = environment_key()
        if not key:
            raise
    account_id = getattr(ctx, "account_id", None)  # the account's daily upstream budget, as fallback spends it
    stack = source_limits(OpenAIChat.source) + upstream_call_limits(account_id, getattr(ctx, "notes", None))
    decision = acquire(stack)
    if not decision.allowed:
        raise RateLimited(f"openai: rate limit {decision.blocking_key}", source=OpenAIChat.source,
                          retry_after=decision.retry_after)
    with counted_from_the_call(stack, decision):
        return chat(OpenAIChat({"key": key}, ctx=ctx))


def decode(content: str):
    """The JSON object of a reply; models sometimes wrap it in a code fence or add text after it."""
    text = (content or "").strip()
    start = text.find("{")
    if start < 0:
        return {}
    try:
        value, _end = json.JSONDecoder().raw_decode(text[start:])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

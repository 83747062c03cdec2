"""OpenAI and Azure OpenAI chat completions through the `openai` package, on Beat's HTTP seam.

Reference: platform.openai.com/docs/api-reference/chat/create; Azure OpenAI REST reference, api-version
2024-10-21 (fixtures/README.md section 5). AZURE_OPENAI_ENDPOINT set: Azure's URL shape, the model
names a deployment. The package sends through beat.http.sdk's recording client, so each call is an
UpstreamCall row and its failures are Beat's errors, decided by the openai error family; it never
retries (max_retries=0): the queue does, with backoff, and RateLimited cools the credential.
"""
from dataclasses import dataclass

from django.conf import settings

from beat.errors import BadResponse, BeatError, Misconfigured
from beat.http.redact import redact
from beat.http.sdk import recording_client
from beat.providers import Provider
from beat.providers.capabilities import CHAT

# A long JSON answer (20+ cities) takes a model tens of seconds; the flow's time left still caps it.
READ_TIMEOUT = 120.0


@dataclass(frozen=True)
class Completion:
    content: str
    model: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class OpenAIChat(Provider):
    source = "openai"
    base_url_setting = "OPENAI_BASE_URL"
    error_family = "openai"
    capabilities = frozenset({CHAT})

    def chat(self, messages: list[dict], *, model: str, temperature: float = 0.0) -> Completion:
        """One chat completion in JSON mode (the prompts say "JSON", as the mode requires)."""
        import openai  # here, not at the top: importing it takes most of a second, which every process
        # start (web, workers, commands) would pay while only GPT flows use it

        key = str(self.credential.get("key") or "")
        if not key:
            raise Misconfigured(f"openai credential #{self.credential_id} has no key")
        with recording_client(source=self.source, error_family=self.error_family, secrets={key},
                              credential_id=self.credential_id, ctx=self.ctx, timeout=READ_TIMEOUT) as http:
            try:
                reply = _client(key, http).chat.completions.create(
                    model=model, messages=messages, temperature=temperature, response_format={"type": "json_object"})
            except openai.OpenAIError as exc:
                raise _beat_error(exc, key) from None
        return _completion(reply, model)


def environment_key() -> str:
    """The key of the environment, used when no stored openai credential is usable."""
    if settings.AZURE_OPENAI_ENDPOINT:
        return settings.AZURE_OPENAI_API_KEY or settings.OPENAI_API_KEY
    return settings.OPENAI_API_KEY


def _client(key: str, http):
    import openai

    if settings.AZURE_OPENAI_ENDPOINT:
        return openai.AzureOpenAI(azure_endpoint=settings.AZURE_OPENAI_ENDPOINT, api_key=key,
                                  api_version=settings.OPENAI_API_VERSION, http_client=http, max_retries=0)
    return openai.OpenAI(base_url=settings.OPENAI_BASE_URL, api_key=key, http_client=http, max_retries=0)


def _beat_error(exc: Exception, key: str) -> BeatError:
    """Answers that reached the transport were already turned into Beat's errors there; a package that
    wraps them (older lines did) gives them back here. Anything else is an answer the package could not
    read."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, BeatError):
        return cause
    return BadResponse(redact(f"openai: the answer could not be read ({type(exc).__name__}: {exc})", {key})[:300],
                       source="openai")


def _completion(reply, model: str) -> Completion:
    choice = reply.choices[0] if reply.choices else None
    if choice is None:
        raise BadResponse("openai: an answer without choices", source="openai")
    usage = reply.usage
    return Completion(content=choice.message.content or "", model=reply.model or model,
                      finish_reason=choice.finish_reason or "",
                      prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                      completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
                      total_tokens=getattr(usage, "total_tokens", 0) or 0)

"""OpenAI and Azure OpenAI: {"error": {"message", "type", "code"}}.

Reference: platform.openai.com/docs/guides/error-codes; tests/fixtures/README.md section 5.
"""
from beat.errors import AuthFailed
from beat.http.families.common import Answer, by_status, fail, rejected
from beat.http.waits import openai_reset, retry_after


def openai(answer: Answer):
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = str(error.get("code") or error.get("type") or "")
    message = error.get("message") or ""
    if answer.status == 429 and "insufficient_quota" in (code, error.get("type")):
        # a billing problem: a 429 that no amount of waiting fixes
        return fail(AuthFailed, answer, message, upstream_code="insufficient_quota")
    if answer.status == 429:
        wait = retry_after(answer.headers) or openai_reset(answer.headers)
        return by_status(answer, message, upstream_code=code, wait=wait)
    if answer.status == 404:
        # a missing model or Azure deployment is configuration, not a missing entity
        return rejected(answer, message, upstream_code=code, reason="model_or_deployment_missing")
    if answer.status in (401, 403):
        return fail(AuthFailed, answer, message, upstream_code=code)
    return by_status(answer, message, upstream_code=code)

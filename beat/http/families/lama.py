"""HikerAPI / LamaDava: the HTTP status carries the meaning; bodies are {"detail", "exc_type"}.

Reference: hikerapi.com docs (fixtures/README.md section 7): 402 payment required, 403 private,
404 not found, 410 endpoint retired, 422 validation, 429 rate limit; 5xx are not charged.
"""
from beat.errors import AuthFailed, Private
from beat.http.families.common import Answer, by_status, fail, message_of, rejected


def lama(answer: Answer):
    message = message_of(answer.body)
    exc_type = answer.body.get("exc_type", "") if isinstance(answer.body, dict) else ""
    if answer.status == 402:
        return fail(AuthFailed, answer, message, upstream_code="payment_required")
    if answer.status == 403:
        return fail(Private, answer, message, upstream_code=exc_type)
    if answer.status == 410:
        return rejected(answer, message, upstream_code=exc_type, reason="endpoint_missing")
    return by_status(answer, message, upstream_code=exc_type)

"""HikerAPI / LamaDava: the HTTP status carries the meaning; bodies are {"detail", "exc_type"}.

Reference: hikerapi.com docs (tests/fixtures/README.md section 7): 402 payment required, 403 private,
404 not found, 410 endpoint retired, 422 validation, 429 rate limit; 5xx are not charged.
"""
from beat.errors import AuthFailed, NotFound, Private
from beat.http.families.common import Answer, by_status, fail, message_of, rejected

# exc_type names an answer about the entity whatever the status (the FastAPI Beat's crawler saw 400
# for a missing profile)
NOT_FOUND = {"UserNotFound", "NotFoundError", "MediaNotFound", "MediaUnavailable", "HashtagNotFound"}
PRIVATE = {"PrivateError", "UserPrivate"}


def lama(answer: Answer):
    message = message_of(answer.body)
    exc_type = answer.body.get("exc_type", "") if isinstance(answer.body, dict) else ""
    if answer.status < 400:
        return None
    if answer.status == 402:
        return fail(AuthFailed, answer, message, upstream_code="payment_required")
    if answer.status == 403 or exc_type in PRIVATE:
        return fail(Private, answer, message, upstream_code=exc_type)
    if exc_type in NOT_FOUND:
        return fail(NotFound, answer, message, upstream_code=exc_type)
    if answer.status == 410:
        return rejected(answer, message, upstream_code=exc_type, reason="endpoint_missing")
    return by_status(answer, message, upstream_code=exc_type)

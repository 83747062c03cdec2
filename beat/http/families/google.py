"""Google APIs (YouTube Data v3, YouTube Analytics v2, the OAuth token endpoint).

Key on error.errors[].reason (and details[].reason). Reference: developers.google.com/youtube/v3/docs/errors
(tests/fixtures/README.md sections 2 and 3).
"""
from beat.errors import AuthFailed, NotFound, RateLimited
from beat.http.families.common import Answer, by_status, fail, rejected
from beat.http.waits import retry_after, until_pacific_midnight

DAILY_QUOTA = {"quotaExceeded", "dailyLimitExceeded"}
SHORT_LIMIT = {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}
AUTH = {"authError", "keyInvalid", "keyExpired", "API_KEY_INVALID", "forbidden", "insufficientPermissions",
        "accessNotConfigured", "ipRefererBlocked", "SERVICE_DISABLED", "UNAUTHENTICATED"}
OAUTH_AUTH = {"invalid_grant", "invalid_client", "unauthorized_client"}
# about the entity, not the request: the flow decides what it means
ANSWERS = {"commentsDisabled", "subscriptionForbidden"}
SHORT_WAIT = 60.0


def google(answer: Answer):
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    if isinstance(error, str):  # the OAuth token endpoint: {"error": "invalid_grant", ...}
        text = answer.body.get("error_description") or error
        if error in OAUTH_AUTH:
            return fail(AuthFailed, answer, text, upstream_code=error)
        return by_status(answer, text, upstream_code=error)
    if not isinstance(error, dict):
        return by_status(answer)
    ordered = _reasons(error)
    reasons = set(ordered)
    reason = ordered[0] if ordered else ""
    message = error.get("message") or ""
    if reasons & DAILY_QUOTA:
        return fail(RateLimited, answer, message, upstream_code="quotaExceeded", retry_after=until_pacific_midnight())
    if reasons & SHORT_LIMIT or answer.status == 429:
        wait = retry_after(answer.headers) or SHORT_WAIT
        return fail(RateLimited, answer, message, upstream_code=reason, retry_after=wait)
    if reasons & AUTH or answer.status == 401:
        return fail(AuthFailed, answer, message, upstream_code=_first(ordered, AUTH) or reason)
    if reasons & ANSWERS:
        code = _first(ordered, ANSWERS)
        return rejected(answer, message, upstream_code=code, reason=code)
    if answer.status == 404 or any(r.endswith("NotFound") for r in reasons):
        return fail(NotFound, answer, message, upstream_code=reason)
    return by_status(answer, message, upstream_code=reason)


def _reasons(error: dict) -> list[str]:
    """errors[].reason first (the documented key), then details[].reason and status."""
    found = []
    for key in ("errors", "details"):
        for item in error.get(key) or ():
            if isinstance(item, dict) and item.get("reason"):
                found.append(str(item["reason"]))
    if error.get("status"):
        found.append(str(error["status"]))
    return found


def _first(ordered: list[str], wanted: set[str]) -> str:
    return next((reason for reason in ordered if reason in wanted), "")

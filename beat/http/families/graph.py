"""Instagram Graph API: key on error.code / error_subcode, never on the HTTP status.

Reference: developers.facebook.com/docs/graph-api/guides/error-handling and
.../overview/rate-limiting (tests/fixtures/README.md section 1). Meta answers throttling with 400 or 403.
"""
from beat.errors import AuthFailed, NotFound, RateLimited, UpstreamError
from beat.http.families.common import Answer, by_status, fail, rejected
from beat.http.waits import graph_regain_access, retry_after

THROTTLED = {4, 17, 32, 613} | set(range(80000, 80015))  # app, user, page, custom; Business Use Case
AUTH = {102, 190, 10} | set(range(200, 300))  # session, token, permission and missing-scope codes
NOT_FOUND = {(100, 33), (110, 2207013)}  # no such object; business_discovery "Invalid user id"
TRANSIENT = {1, 2}  # unknown error, service temporarily unavailable
# X-App-Usage has no reset time; Meta's windows are rolling hours, so a cooled credential waits a while.
DEFAULT_WAIT = 600.0


def graph(answer: Answer):
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    if not isinstance(error, dict) or "code" not in error:
        return by_status(answer)
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    message = error.get("message") or ""
    upstream = f"{code}/{subcode}" if subcode else str(code)
    if code in THROTTLED:
        wait = graph_regain_access(answer.headers) or retry_after(answer.headers) or DEFAULT_WAIT
        return fail(RateLimited, answer, message, upstream_code=upstream, retry_after=wait)
    if code == 10 and "not enough viewers" in message.lower():
        # an answer about the media, not about the token
        return rejected(answer, message, upstream_code=upstream, reason="insights_unavailable")
    if code in AUTH:
        return fail(AuthFailed, answer, message, upstream_code=upstream)
    if (code, subcode) in NOT_FOUND:
        return fail(NotFound, answer, message, upstream_code=upstream)
    if code in TRANSIENT or error.get("is_transient") is True or answer.status >= 500:
        return fail(UpstreamError, answer, message, upstream_code=upstream)
    return rejected(answer, message, upstream_code=upstream)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

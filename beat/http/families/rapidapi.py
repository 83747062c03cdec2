"""RapidAPI gateway answers ({"message": ...}) in front of the scrapers it resells.

Reference: docs.rapidapi.com "Response Headers" and public captures (tests/fixtures/README.md section 6).
Some APIs answer 404 rather than 403 for endpoints the key is not subscribed to.
"""
import re

from beat.errors import AuthFailed
from beat.http.families.common import Answer, by_status, fail, message_of, rejected
from beat.http.waits import rapidapi_reset, retry_after

_NO_ENDPOINT = re.compile(r"endpoint\s+'[^']*'\s+does not exist", re.I)
PER_SECOND_WAIT = 1.0  # "rate limit per second for your plan": the next second is fine


def rapidapi(answer: Answer):
    message = message_of(answer.body)
    lowered = message.lower()
    if answer.status == 429:
        wait = retry_after(answer.headers) or rapidapi_reset(answer.headers)
        if wait is None and "per second" in lowered:
            wait = PER_SECOND_WAIT
        return by_status(answer, message, wait=wait)
    if answer.status in (401, 403, 404) and "not subscribed" in lowered:
        return fail(AuthFailed, answer, message, upstream_code="not_subscribed")
    if answer.status == 404 and _NO_ENDPOINT.search(message):
        # the API changed or was never this shape: a gap of this provider, not a missing profile
        return rejected(answer, message, reason="endpoint_missing")
    return by_status(answer, message)

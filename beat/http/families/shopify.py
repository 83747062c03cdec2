"""Shopify Admin REST API: {"errors": ...} bodies, Retry-After (float seconds) on 429.

Reference: shopify.dev/docs/api/admin-rest (status and error codes, rate limits); tests/fixtures/README.md section 4.
"""
from beat.errors import AuthFailed
from beat.http.families.common import Answer, by_status, fail, message_of

# 402: the shop is frozen (unpaid); 423: the shop is locked. Neither gets better by retrying.
SHOP_UNAVAILABLE = {402, 423}


def shopify(answer: Answer):
    message = message_of(answer.body)
    if answer.status in SHOP_UNAVAILABLE:
        return fail(AuthFailed, answer, message, upstream_code=str(answer.status))
    return by_status(answer, message)

"""Upstreams that speak plain HTTP: the status decides (429, 401/403, 404/410, 5xx)."""
from beat.http.families.common import Answer, by_status, message_of


def generic(answer: Answer):
    return by_status(answer, message_of(answer.body))

"""Webhooks: an account's URLs receive the events about its tasks and data, HMAC-signed, retried with
backoff, each attempt logged (the admin shows them and redelivers)."""

"""The durable task queue: scrape_request_log is the record, django-q2 the executor.

services  submit / cancel / requeue / update / run_now (what API, admin, commands call)
claim     the atomic claim of the next ready task (FOR UPDATE SKIP LOCKED, concurrency caps)
runner    runs one claimed task under its timeout and records the outcome
wakeup    the django-q2 seam: wake-up messages and the function workers execute
maintenance  leases, expiry, lost wake-ups: a django-q2 schedule
"""

"""The durable task queue: scrape_request_log is the record, django-q2 the executor.

services     submit / cancel / requeue / update / run_now (what API, admin, commands call)
claim        the atomic claim of the next ready task (FOR UPDATE SKIP LOCKED, concurrency caps)
runner       runs one claimed task under its timeout and records the outcome
wakeup       the django-q2 seam: wake-up messages and the function workers execute
due          wake-ups of tasks whose retry_at came
maintenance  leases, dead workers' tasks, expiry, lost wake-ups
maintainer   the maintenance process's loop (manage.py beat_maintenance)
heartbeat    what each worker is doing, published every second
supervisor   a django-q2 cluster under watch: dead workers, wedged clusters, bounded stop
"""

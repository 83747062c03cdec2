"""The task queue: django-q2 is the executor, scrape_request_log the durable record."""
from beat.env import env_bool, env_float, env_int, env_list, env_str

REDIS_URL = env_str("REDIS_URL")

# Longest flow timeout any flow may declare; django-q2's own timeout is a backstop above it.
BEAT_MAX_FLOW_TIMEOUT = env_int("BEAT_MAX_FLOW_TIMEOUT", 3600)
# A claim is a lease of picked_at + the flow's timeout + this grace; past it the task is taken back.
BEAT_LEASE_GRACE = env_int("BEAT_LEASE_GRACE", 60)
# Retries of transient errors: base * 2 ** (attempt - 1), capped, with full jitter.
BEAT_RETRY_BASE = env_int("BEAT_RETRY_BASE", 10)
BEAT_RETRY_CAP = env_int("BEAT_RETRY_CAP", 900)
# A ready task whose wake-up is older than this is presumed lost and woken again.
BEAT_WAKEUP_STALE = env_int("BEAT_WAKEUP_STALE", 15)
# The maintenance process (manage.py beat_maintenance): how often it wakes tasks whose retry_at came
# (seconds; a rescheduled task starts about this long after its retry_at), and how often it sweeps.
BEAT_DUE_POLL = env_float("BEAT_DUE_POLL", 0.025)
BEAT_MAINTENANCE_INTERVAL = env_float("BEAT_MAINTENANCE_INTERVAL", 10)
# Cluster supervision (beat.queue.supervisor): workers publish a heartbeat this often (seconds); a
# worker silent this long is dead and its task runs again; a cluster whose idle workers cannot read
# their task queue this long is wedged and restarts; SIGTERM stops a cluster within the grace.
BEAT_HEARTBEAT_INTERVAL = env_float("BEAT_HEARTBEAT_INTERVAL", 1.0)
BEAT_WORKER_DEAD_AFTER = env_float("BEAT_WORKER_DEAD_AFTER", 5.0)
BEAT_WEDGED_AFTER = env_float("BEAT_WEDGED_AFTER", 10.0)
BEAT_SHUTDOWN_GRACE = env_float("BEAT_SHUTDOWN_GRACE", 20.0)
# One wake-up keeps claiming ready tasks for up to this many seconds before handing back its worker.
BEAT_DRAIN_SECONDS = env_int("BEAT_DRAIN_SECONDS", 5)
# Claims in batches (beat.queue.batch): up to this many tasks per claim, of flows that run in under
# BEAT_BATCH_QUICK_MS on average in that worker (any other task is claimed alone, or last); a batch's
# tasks that have not started BEAT_BATCH_HOLD_MS after the claim go back to the queue for others.
BEAT_BATCH_SIZE = env_int("BEAT_BATCH_SIZE", 10)
BEAT_BATCH_QUICK_MS = env_float("BEAT_BATCH_QUICK_MS", 20)
BEAT_BATCH_HOLD_MS = env_float("BEAT_BATCH_HOLD_MS", 500)
# When a queue has nothing ready, one of its workers waits this long for a new task's poke before it
# goes back to the cluster (beat.queue.marks); 0: none waits.
BEAT_LINGER_MS = env_float("BEAT_LINGER_MS", 250)
# The submit's INSERT is prepared once per database connection instead of parsed and planned for every
# task (beat.queue.bound); off behind a transaction-mode pooler that loses prepared statements
# (PgBouncer before 1.21, or its max_prepared_statements = 0).
BEAT_PREPARED_STATEMENTS = env_bool("BEAT_PREPARED_STATEMENTS", True)
# Upstream call records (cost accounting, dashboard) and django-q2 failure rows are kept this long.
BEAT_UPSTREAM_CALL_RETENTION_DAYS = env_int("BEAT_UPSTREAM_CALL_RETENTION_DAYS", 30)
# Extra modules that register flows (tests and plugins); each app's flows.py is found on its own.
BEAT_FLOW_MODULES = env_list("BEAT_FLOW_MODULES")

Q_CLUSTER = {
    "name": env_str("BEAT_QUEUE_NAME", "beat"),
    "workers": env_int("BEAT_WORKERS", 4),
    "timeout": BEAT_MAX_FLOW_TIMEOUT + 120,
    "retry": BEAT_MAX_FLOW_TIMEOUT + 300,
    "max_attempts": 1,  # redelivery is Beat's job (leases and retries in scrape_request_log)
    "ack_failures": True,
    "save_limit": 0,  # wake-ups are sent with save=False; only infrastructure failures are kept
    "catch_up": False,
    "recycle": 500,
    "max_rss": env_int("BEAT_WORKER_MAX_RSS_KB", 512_000),
    "label": "Queue internals (django-q2)",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER.update(orm="default", poll=0.2)

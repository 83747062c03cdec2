"""gunicorn's settings for Beat's web process, read by `gunicorn beat.wsgi` run from the repository root.

Threads, because some requests wait: a profile or post route whose data is stale submits a refresh
and polls its task for up to BEAT_API_REFRESH_WAIT seconds. A sync worker would spend a whole
process on each such wait, and /heartbeat and task reads would queue behind them. gthread workers
serve BEAT_WEB_THREADS requests at once each (a waiting one costs a thread and its idle database
connection, nothing else): bench/web_wait.py shows 50 waiting profile requests next to a /heartbeat
that keeps answering in milliseconds.

Each worker accepts no more connections than it has threads (worker_connections, and no keep-alive:
an idle kept-alive connection would count against them), so that a new request goes to a worker
that can serve it now rather than queueing behind waiting ones.
PostgreSQL must allow workers x threads connections per web machine (plus the workers').
"""
from beat.env import env_int, env_str

bind = env_str("BEAT_WEB_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = env_int("BEAT_WEB_WORKERS", 2)
threads = env_int("BEAT_WEB_THREADS", 32)
worker_connections = threads
# a request may legitimately wait BEAT_API_REFRESH_WAIT seconds; only a worker stuck well past that is killed
timeout = env_int("BEAT_API_REFRESH_WAIT", 25) + 35
graceful_timeout = 30
keepalive = 0
max_requests, max_requests_jitter = 10_000, 1_000  # recycle workers now and then (memory)
accesslog = "-"
# the request line keeps its query string, with every secret parameter (token=, access_token=, ...)
# blanked by beat.logs.GunicornLogger below
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
logger_class = "beat.logs.GunicornLogger"

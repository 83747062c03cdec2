"""The baseline's task: a django-q2 no-op that counts itself in Redis (no result row needed)."""
import redis
from django.conf import settings

_conn = None


def noop(key: str) -> None:
    global _conn
    if _conn is None:
        _conn = redis.from_url(settings.REDIS_URL)
    _conn.incr(key)

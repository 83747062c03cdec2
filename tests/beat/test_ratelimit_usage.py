"""The limiters' read-only usage() (the dashboard's live window): what is in each window now, and
nothing taken by reading it."""
import uuid

import pytest
import redis
from django.conf import settings

from beat.ratelimit import Limit, LocalLimiter, RedisLimiter


@pytest.fixture(params=["redis", "local"])
def limiter(request, tmp_path):
    if request.param == "redis":
        return RedisLimiter(client=redis.Redis.from_url(settings.REDIS_URL))
    return LocalLimiter(tmp_path / "ratelimit.sqlite3")


def test_usage_counts_the_grants_inside_each_window_without_taking_any(limiter):
    key = f"test:{uuid.uuid4().hex[:12]}"
    second, minute = Limit(key, 5, 1), Limit(key, 100, 60)
    for _ in range(3):
        assert limiter.acquire([second, minute]).allowed
    assert limiter.usage([second, minute]) == [3, 3]
    assert limiter.usage([second, minute]) == [3, 3]  # reading took nothing
    assert limiter.usage([Limit(f"{key}:other", 5, 1)]) == [0]


def test_usage_is_unknown_when_the_store_is_unreachable(tmp_path):
    down = RedisLimiter(client=redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    assert down.usage([Limit("k", 5, 1), Limit("k", 9, 60)]) == [None, None]
    broken = LocalLimiter(tmp_path / "missing-dir" / "x" / "ratelimit.sqlite3")
    (tmp_path / "missing-dir").write_text("a file where a directory should be")
    assert broken.usage([Limit("k", 5, 1)]) == [None]

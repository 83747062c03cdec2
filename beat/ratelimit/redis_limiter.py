"""The shared limiter: every stacked limit checked and consumed in one Lua script on Redis.

Exact sliding-window log: each window (a key at a period) is a sorted set of grant times, in
microseconds of Redis server time, so clocks of workers on other machines never matter. A stack
is granted only if every window has room; otherwise nothing is written but the trimming of grants
that already left their windows. GCRA was not chosen: with a burst of `limit` it lets up to
2 x limit - 1 grants through in one period, and Beat's upstream budgets are "never more than".
"""
import hashlib
import logging
import os
import secrets
import threading
import time
from typing import Sequence

import redis
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError, RedisError
from redis.retry import Retry

from beat.ratelimit.base import ALLOWED, UNAVAILABLE, Decision, Limit, normalized

logger = logging.getLogger(__name__)

KEY_PREFIX = "beat:rl:"

# KEYS: one sorted set per window. ARGV: cost, a nonce unique to this call, then limit and window
# (period + safety margin, microseconds) for each key. Returns {allowed, retry_after_us, index of the blocking key, now_us}.
SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local wait, blocking = 0, 0
for i, key in ipairs(KEYS) do
  local limit, period = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
  local over = redis.call('ZCARD', key) + cost - limit
  if over > 0 then
    -- room comes back when the over-th oldest grant leaves the window
    local freed = redis.call('ZRANGE', key, over - 1, over - 1, 'WITHSCORES')
    local w = tonumber(freed[2]) + period - now
    if w > wait then wait, blocking = w, i end
  end
end
if blocking > 0 then return {0, wait, blocking, now} end
for i, key in ipairs(KEYS) do
  local period = tonumber(ARGV[2 + 2 * i])
  for n = 1, cost do redis.call('ZADD', key, now, ARGV[2] .. n) end
  redis.call('PEXPIRE', key, math.ceil(period / 1000) + 1000)
end
return {1, 0, 0, now}
"""


class RedisLimiter:
    """Shared by every process on every machine that uses the same Redis; fails closed."""

    def __init__(self, url: str | None = None, *, client: redis.Redis | None = None, unavailable_retry: float = 5.0):
        if client is None:
            client = redis.Redis.from_url(
                url,
                socket_connect_timeout=1,
                socket_timeout=2,
                health_check_interval=30,
                # one quick retry for a pooled connection that Redis closed; no more, since a
                # retried script may already have consumed (which errs on the safe side)
                retry=Retry(NoBackoff(), 1),
            )
        self.client = client
        self.unavailable_retry = unavailable_retry
        self._sha = hashlib.sha1(SCRIPT.encode()).hexdigest()
        self._last_warning: float | None = None
        self._warning_lock = threading.Lock()

    def acquire(self, limits: Sequence[Limit], cost: int = 1) -> Decision:
        return self.acquire_timed(limits, cost)[0]

    def acquire_timed(self, limits: Sequence[Limit], cost: int = 1) -> tuple[Decision, float | None]:
        """The decision and the Redis server time it was taken at (None when Redis was not reached)."""
        # An empty stack still asks Redis: with Redis down no upstream call is made, limited or not.
        windows = normalized(limits, cost)
        keys = [f"{KEY_PREFIX}{w.key}@{w.period:g}" for w in windows]
        args = [cost, secrets.token_hex(8)]
        for w in windows:
            args += [w.limit, round(w.window * 1_000_000)]
        try:
            allowed, wait_us, blocking, now_us = self._run(keys, args)
        except RedisError as exc:
            self._warn(exc)
            return Decision(False, self.unavailable_retry, UNAVAILABLE), None
        if allowed:
            return ALLOWED, now_us / 1_000_000
        return Decision(False, wait_us / 1_000_000, windows[blocking - 1].key), now_us / 1_000_000

    def _run(self, keys: list[str], args: list) -> list[int]:
        try:
            return self.client.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:  # Redis restarted or SCRIPT FLUSH: EVAL also caches it again
            return self.client.eval(SCRIPT, len(keys), *keys, *args)

    def _warn(self, exc: Exception) -> None:
        # at most one line every 10 s per process: an outage must not flood the logs
        with self._warning_lock:
            if self._last_warning is not None and time.monotonic() - self._last_warning < 10:
                return
            self._last_warning = time.monotonic()
        logger.warning("rate limiter unavailable, denying (pid %s): %s: %s", os.getpid(), type(exc).__name__, exc)

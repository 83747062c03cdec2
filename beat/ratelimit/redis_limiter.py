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

from beat.ratelimit.base import ALLOWED, UNAVAILABLE, Decision, Limit, Waiter, normalized

logger = logging.getLogger(__name__)

KEY_PREFIX = "beat:rl:"

# KEYS: one sorted set per window (each grant scored by the time it counts from: its grant, until
# ANSWERED moves it), then each window's last grant time (for the spacing), then the stack's waiting
# room, its last-seen set and its arrival counter. ARGV: cost,
# a nonce unique to this call, the waiter's id ('' for none), its priority, how long a silent waiter
# keeps its place (microseconds), whether a denied waiter joins the line ('1') or only asks where
# it would stand ('0': a probe), then limit, window (period + safety margin) and spacing
# (microseconds) for each window. Returns {allowed, retry_after_us, index of the blocking key, now_us}.
#
# The waiting room keeps the order in which waiting callers are served: by priority, then by when
# they first asked. A caller is granted only if every window has room for it *and* for everyone
# ahead of it, so a priority-5 caller takes the next free grant from under a line of priority-1
# callers, and the line is served in order. Each waiter is told when its own turn should come (the
# grant that must leave first is further back the more waiters are ahead), so waiters do not all
# ask at once when one grant frees. A waiter that stops asking is dropped after the silence allowed.
# Callers without a waiter id (credential checks) queue behind every waiter.
SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local waiter, silence, join = ARGV[3], tonumber(ARGV[5]), ARGV[6] == '1'
local n = (#KEYS - 3) / 2
local room, seen, arrivals = KEYS[2 * n + 1], KEYS[2 * n + 2], KEYS[2 * n + 3]
local gone = redis.call('ZRANGEBYSCORE', seen, '-inf', now - silence)
for _, id in ipairs(gone) do
  redis.call('ZREM', room, id)
  redis.call('ZREM', seen, id)
end
local ahead, rank = 0, 0
if waiter ~= '' then
  rank = redis.call('ZSCORE', room, waiter)
  if rank then
    rank = tonumber(rank)
  elseif join then
    -- priority first, then order of arrival (a counter: the same microsecond never ties)
    rank = -tonumber(ARGV[4]) * 1000000000000 + redis.call('INCR', arrivals) % 1000000000000
  else  -- a probe: where it would stand if it joined now, without joining
    rank = -tonumber(ARGV[4]) * 1000000000000 + (tonumber(redis.call('GET', arrivals) or '0') + 1) % 1000000000000
  end
  ahead = redis.call('ZCOUNT', room, '-inf', '(' .. rank)
else
  ahead = redis.call('ZCARD', room)
end
local wait, blocking = 0, 0
for i = 1, n do
  local key = KEYS[i]
  local limit, period, gap = tonumber(ARGV[4 + 3 * i]), tonumber(ARGV[5 + 3 * i]), tonumber(ARGV[6 + 3 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
  local used = redis.call('ZCARD', key)
  local over = used + ahead + cost - limit
  local last = gap > 0 and redis.call('GET', KEYS[n + i])
  if last then
    -- grants of one window at least `gap` apart: a backlog's calls do not leave all at one instant
    local w = tonumber(last) + gap - now
    if w > 0 and (w > wait or blocking == 0) then wait, blocking = w, i end
  end
  if over > 0 then
    -- room comes back when the over-th oldest grant leaves the window (past the newest: at least then)
    local freed = redis.call('ZRANGE', key, math.min(over, used) - 1, math.min(over, used) - 1, 'WITHSCORES')
    local w = period
    if freed[2] then w = tonumber(freed[2]) + period - now end
    if w > wait or blocking == 0 then wait, blocking = w, i end
  end
end
if blocking > 0 then
  if waiter ~= '' and join then
    redis.call('ZADD', room, rank, waiter)
    redis.call('ZADD', seen, now, waiter)
    redis.call('PEXPIRE', room, math.ceil(silence / 1000) + 1000)
    redis.call('PEXPIRE', seen, math.ceil(silence / 1000) + 1000)
    redis.call('PEXPIRE', arrivals, math.ceil(silence / 1000) + 1000)
  end
  return {0, math.max(wait, 1), blocking, now}
end
for i = 1, n do
  local period, gap = tonumber(ARGV[5 + 3 * i]), tonumber(ARGV[6 + 3 * i])
  for c = 1, cost do redis.call('ZADD', KEYS[i], now, ARGV[2] .. c) end
  redis.call('PEXPIRE', KEYS[i], math.ceil(period / 1000) + 1000)
  if gap > 0 then redis.call('SET', KEYS[n + i], now, 'PX', math.ceil(gap / 1000) + 1000) end
end
if waiter ~= '' then
  redis.call('ZREM', room, waiter)
  redis.call('ZREM', seen, waiter)
end
return {1, 0, 0, now}
"""


# A granted call reports back: it started `sent_ago` and had its answer `answer_ago` microseconds
# before now. Each window with a margin then counts the grant from the call's start (the margin is
# for the transit from there: a worker slow to start the call no longer eats into it), or from its
# answer less the margin when that is sooner (the upstream had the call by then): the grant leaves
# a period after the answer, or a period plus the margin after the start, whichever comes first.
# KEYS: the windows; ARGV: the grant's nonce, its cost, sent_ago, answer_ago, then each window's
# margin and window (microseconds). A grant that already left is not brought back.
ANSWERED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[2])
local sent, answer = now - tonumber(ARGV[3]), now - tonumber(ARGV[4])
for i = 1, #KEYS do
  local margin, window = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
  local counted = math.min(sent, answer - margin)
  for c = 1, cost do
    if redis.call('ZSCORE', KEYS[i], ARGV[1] .. c) then redis.call('ZADD', KEYS[i], 'XX', counted, ARGV[1] .. c) end
  end
  if redis.call('PTTL', KEYS[i]) < math.ceil((counted + window - now) / 1000) + 1000 then
    redis.call('PEXPIRE', KEYS[i], math.ceil((counted + window - now) / 1000) + 1000)
  end
end
return now
"""


def _window_key(window: Limit) -> str:
    """The sorted set of one window's grants: a key at a period."""
    return f"{KEY_PREFIX}{window.key}@{window.period:g}"


def _room(windows: Sequence[Limit]) -> tuple[str, str, str]:
    """The waiting room of a stack (one per set of keys), its last-seen set and arrival counter."""
    name = f"{KEY_PREFIX}room:{'|'.join(sorted({w.key for w in windows}))}"
    return name, name + ":seen", name + ":arrivals"


class RedisLimiter:
    """Shared by every process on every machine that uses the same Redis; fails closed."""

    def __init__(self, url: str | None = None, *, client: redis.Redis | None = None, unavailable_retry: float = 5.0,
                 waiter_silence: float = 3.0):
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
        self.waiter_silence = waiter_silence
        self._scripts = {script: hashlib.sha1(script.encode()).hexdigest() for script in (SCRIPT, ANSWERED)}
        self._last_warning: float | None = None
        self._warning_lock = threading.Lock()

    def acquire(self, limits: Sequence[Limit], cost: int = 1, waiter: Waiter | None = None,
                join: bool = True) -> Decision:
        return self.acquire_timed(limits, cost, waiter, join)[0]

    def acquire_timed(self, limits: Sequence[Limit], cost: int = 1, waiter: Waiter | None = None,
                      join: bool = True) -> tuple[Decision, float | None]:
        """The decision and the Redis server time it was taken at (None when Redis was not reached).
        A denied `waiter` joins the stack's line (join=False: is only told when its turn would come)
        and keeps its place while it keeps asking."""
        # An empty stack still asks Redis: with Redis down no upstream call is made, limited or not.
        windows = normalized(limits, cost)
        names = [_window_key(w) for w in windows]
        keys = names + [f"{name}:last" for name in names] + list(_room(windows))
        waiter = waiter if windows else None
        nonce = secrets.token_hex(8)
        args = [cost, nonce, waiter.id if waiter else "", waiter.priority if waiter else 0,
                round(self.waiter_silence * 1_000_000), "1" if join else "0"]
        for w in windows:
            args += [w.limit, round(w.window * 1_000_000), round(w.spacing * 1_000_000)]
        try:
            allowed, wait_us, blocking, now_us = self._run(SCRIPT, keys, args)
        except RedisError as exc:
            self._warn(exc)
            return Decision(False, self.unavailable_retry, UNAVAILABLE), None
        if allowed:
            return (Decision(True, 0.0, None, nonce) if windows else ALLOWED), now_us / 1_000_000
        return Decision(False, wait_us / 1_000_000, windows[blocking - 1].key), now_us / 1_000_000

    def answered(self, limits: Sequence[Limit], decision: Decision, *, sent_ago: float, answer_ago: float,
                 cost: int = 1) -> None:
        """The call granted by `decision` (on this stack, at this cost) started `sent_ago` seconds ago
        and had its answer `answer_ago` seconds ago: see ANSWERED."""
        windows = [w for w in normalized(limits, cost) if w.margin > 0]
        if not windows or not decision.allowed or decision.grant is None:
            return
        args = [decision.grant, cost, *(max(0, round(seconds * 1_000_000)) for seconds in (sent_ago, answer_ago))]
        for w in windows:
            args += [round(w.margin * 1_000_000), round(w.window * 1_000_000)]
        try:
            self._run(ANSWERED, [_window_key(w) for w in windows], args)
        except RedisError as exc:  # the grant keeps counting from itself plus the margin
            self._warn(exc)

    def usage(self, limits: Sequence[Limit]) -> list[int | None]:
        """Grants now inside each limit's window (read-only, for the dashboard); None when Redis is down."""
        try:
            seconds, micros = self.client.time()
            now = seconds * 1_000_000 + micros
            pipe = self.client.pipeline(transaction=False)
            for w in limits:
                pipe.zcount(_window_key(w), f"({now - round(w.period * 1_000_000)}", "+inf")
            return list(pipe.execute())
        except RedisError:
            return [None] * len(limits)

    def leave(self, limits: Sequence[Limit], waiter: Waiter) -> None:
        """Give up a place in the stack's waiting room (the caller got its grant elsewhere, or will
        come back later); a waiter that just stops asking loses its place after the silence allowed."""
        windows = normalized(limits, 1)
        if not windows:
            return
        room, seen, _arrivals = _room(windows)
        try:
            self.client.pipeline(transaction=False).zrem(room, waiter.id).zrem(seen, waiter.id).execute()
        except RedisError as exc:
            self._warn(exc)

    def _run(self, script: str, keys: list[str], args: list):
        try:
            return self.client.evalsha(self._scripts[script], len(keys), *keys, *args)
        except NoScriptError:  # Redis restarted or SCRIPT FLUSH: EVAL also caches it again
            return self.client.eval(script, len(keys), *keys, *args)

    def _warn(self, exc: Exception) -> None:
        # at most one line every 10 s per process: an outage must not flood the logs
        with self._warning_lock:
            if self._last_warning is not None and time.monotonic() - self._last_warning < 10:
                return
            self._last_warning = time.monotonic()
        logger.warning("rate limiter unavailable, denying (pid %s): %s: %s", os.getpid(), type(exc).__name__, exc)

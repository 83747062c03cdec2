"""Who will look at a queue soon: marks on the broker's Redis, so a new task needs no wake-up message
when a worker is already on its way or draining the queue.

Per queue, on the Redis that carries the wake-ups (a flush loses marks and messages together):
- the holders: "these will claim from this queue soon", each with an expiry (a sorted set by Redis
  time). A wake-up on its way is one ("wake", until a worker starts); each worker draining the queue
  is one, under its own name, between its claims of quick tasks and while it lingers; a worker about
  to run a slow task, or leaving the queue, lets go of its own hold only;
- the lingerer: at most one worker per queue lingers, so the others go back to the cluster's other
  queues. One whose turn is over steps down (another may linger) but holds the queue until its
  successor listens (beat.queue.drain).

A new task pokes its queue as it commits (beat.queue.pokes: the lingerer hears it on PostgreSQL),
then counts the live holders (adding "wake" if there are none, in one script); only if there were
none does it send a wake-up. Every path ends in a claim that sees the task: a wake-up's worker claims
after it starts; a draining worker claims again after each batch; a lingerer claims once when it
starts listening and again at each poke; and a worker that lets go claims once more before it leaves
(beat.queue.drain). Holds expire: one left by a lost wake-up or a killed worker holds back nothing for
longer than MARK_TTL_MS. Without Redis (the embedded ORM broker) there are no marks: every task sends
its wake-up and no worker lingers.
"""
MARK_TTL_MS = 1000
WAKE = "wake"  # the holder standing for wake-ups on their way

_NOW_MS = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "

# KEYS: holders; ARGV: ttl ms, the wake-up's holder name. Returns 1 if the caller must send a wake-up.
ON_THE_WAY = _NOW_MS + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
redis.call('ZADD', KEYS[1], now + ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1] * 10)
return 1
"""

# KEYS: holders; ARGV: holder, ms. A worker holds the queue; the wake-up that started it is here.
# Returns how many live holders the queue has (this one included).
HOLD = _NOW_MS + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ARGV[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.max(ARGV[2] * 10, redis.call('PTTL', KEYS[1])))
return redis.call('ZCARD', KEYS[1])
"""

# KEYS: lingerer, holders; ARGV: holder, ms. Returns 1 if the holder is (now) the queue's lingerer.
LINGER = """
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
""" + HOLD.replace("KEYS[1]", "KEYS[2]")

# KEYS: holders, lingerer; ARGV: holder.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
"""

# KEYS: lingerer; ARGV: holder. The holder stops lingering; it still holds the queue.
STEP_DOWN = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""

_scripts = {}


def _keys(queue: str) -> tuple[str, str]:
    return f"beat:wake-holders:{queue}", f"beat:wake-lingerer:{queue}"


def _redis():
    from django.conf import settings

    from beat.queue.wakeup import broker

    return getattr(broker(), "connection", None) if settings.REDIS_URL else None


def _script(redis, source: str):
    key = (id(redis), source)
    if key not in _scripts:
        _scripts[key] = redis.register_script(source)
    return _scripts[key]


def on_the_way(queue: str) -> bool:
    """For a new task: True if a worker will claim it without a wake-up (a live holder); otherwise a
    wake-up now holds the queue and the caller sends it. False when Redis cannot say."""
    redis = _redis()
    if redis is None:
        return False
    try:
        return not _script(redis, ON_THE_WAY)(keys=[_keys(queue)[0]], args=[MARK_TTL_MS, WAKE])
    except Exception:
        return False


def hold(queue: str, holder: str, ms: int = MARK_TTL_MS) -> int:
    """`holder` (a worker) will claim from the queue again within `ms`: new tasks send no wake-up.
    Returns how many workers hold the queue now, this one included (0 when Redis cannot say)."""
    redis = _redis()
    if redis is not None:
        try:
            return int(_script(redis, HOLD)(keys=[_keys(queue)[0]], args=[holder, ms, WAKE]))
        except Exception:
            pass
    return 0


def release(queue: str, holder: str) -> None:
    """`holder` stops holding (and lingering on) the queue; when no one else holds it, new tasks send
    wake-ups again. The worker must claim once more after this: a task poked just before may not
    have been seen."""
    redis = _redis()
    if redis is not None:
        holders, lingerer = _keys(queue)
        try:
            _script(redis, RELEASE)(keys=[holders, lingerer], args=[holder])
        except Exception:
            pass


def linger(queue: str, holder: str, ms: int) -> bool:
    """Make `holder` the queue's lingerer (or renew it) for `ms`, holding the queue as long; False if
    another worker lingers there."""
    redis = _redis()
    if redis is None:
        return False
    holders, lingerer = _keys(queue)
    try:
        return bool(_script(redis, LINGER)(keys=[lingerer, holders], args=[holder, ms, WAKE]))
    except Exception:
        return False


def step_down(queue: str, holder: str) -> None:
    """`holder` stops lingering on the queue, so that another worker may linger there; it still holds
    the queue (new tasks only poke) until it releases it."""
    redis = _redis()
    if redis is not None:
        try:
            _script(redis, STEP_DOWN)(keys=[_keys(queue)[1]], args=[holder])
        except Exception:
            pass

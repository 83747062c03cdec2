"""Who will look at a queue soon: marks and pokes on the broker's Redis, so a new task needs no
wake-up message when a worker is already on its way or waiting.

Per queue, on the Redis that carries the wake-ups (a flush loses marks and messages together):
- the mark: set while a wake-up is on its way (its worker clears it as it starts, before it claims)
  or while a worker lingers (it clears it when it stops lingering, before it claims again);
- the poke list: a new task's signal to a lingering worker;
- the lingerer: at most one worker per queue lingers, so the others go back to the cluster's other
  queues.

A new task, after its commit, sets the mark if absent and pokes, in one round trip; only if the mark
was absent does it send a wake-up. Every path ends in a claim that sees the task: a wake-up's worker
claims after clearing the mark, so after any commit whose producer saw that mark; a lingerer is
poked (a poke waits in the list until read), and a lingerer that stops without a poke clears the
mark and claims once more. Marks expire: one left by a lost wake-up or a killed worker holds back
nothing for longer than MARK_TTL_MS. Without Redis (the embedded ORM broker) there are no marks:
every task sends its wake-up and no worker lingers.
"""
MARK_TTL_MS = 1000


def _keys(queue: str) -> tuple[str, str, str]:
    return f"beat:wake-mark:{queue}", f"beat:wake-poke:{queue}", f"beat:wake-lingerer:{queue}"


def _redis():
    from django.conf import settings

    from beat.queue.wakeup import broker

    return getattr(broker(), "connection", None) if settings.REDIS_URL else None


def on_the_way(queue: str) -> bool:
    """For a new task: True if a worker will claim it without a wake-up (the mark was set); otherwise
    the mark is now set for the wake-up the caller sends. False when Redis cannot say."""
    redis = _redis()
    if redis is None:
        return False
    mark, poke, _ = _keys(queue)
    try:
        pipe = redis.pipeline(transaction=False)
        pipe.set(mark, 1, nx=True, px=MARK_TTL_MS)
        pipe.rpush(poke, 1)
        pipe.ltrim(poke, -1, -1)  # one poke says all: the lingerer claims whatever is ready
        pipe.pexpire(poke, MARK_TTL_MS)
        was_absent = pipe.execute()[0]
    except Exception:
        return False
    return not was_absent


def started(queue: str) -> None:
    """A wake-up's worker starts: from now on, new tasks need a new wake-up (or a lingerer)."""
    redis = _redis()
    if redis is not None:
        try:
            redis.delete(_keys(queue)[0])
        except Exception:
            pass


def linger(queue: str, seconds: float) -> bool | None:
    """Wait up to `seconds` for a new task of the queue, as its only lingerer. True if poked, False if
    the time ran out (claim once more: a task may have come as the wait ended), None if this worker
    may not linger (another does, or no Redis) and should go back to the cluster."""
    redis = _redis()
    if redis is None or seconds <= 0:
        return None
    mark, poke, lingerer = _keys(queue)
    hold = int(seconds * 1000) + MARK_TTL_MS
    try:
        if not redis.set(lingerer, 1, nx=True, px=hold):
            return None
    except Exception:
        return None
    try:
        redis.set(mark, 1, px=hold)
        return redis.blpop([poke], timeout=seconds) is not None
    except Exception:
        return False
    finally:
        try:
            redis.delete(mark, lingerer)
        except Exception:
            pass

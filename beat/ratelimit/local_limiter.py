"""The embedded limiter (no REDIS_URL): exact on one machine, across threads and processes.

Grants are rows in a small SQLite file under VAR_DIR; `BEGIN IMMEDIATE` takes SQLite's write lock
before reading, so a check and its consumption are one step for every process sharing the file.
Times are the machine's wall clock (time.time()), the one clock all its processes share. It does not
limit across machines: production sets REDIS_URL.
"""
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Sequence

from beat.ratelimit.base import ALLOWED, UNAVAILABLE, Decision, Limit, Waiter, normalized

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS grants (bucket TEXT NOT NULL, at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS grants_bucket_at ON grants (bucket, at);
CREATE INDEX IF NOT EXISTS grants_expires_at ON grants (expires_at);
"""


class LocalLimiter:
    def __init__(self, path: Path | str, *, unavailable_retry: float = 5.0):
        self.path = Path(path)
        self.unavailable_retry = unavailable_retry
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def acquire(self, limits: Sequence[Limit], cost: int = 1, waiter: Waiter | None = None,
                join: bool = True) -> Decision:
        return self.acquire_timed(limits, cost, waiter, join)[0]

    def acquire_timed(self, limits: Sequence[Limit], cost: int = 1, waiter: Waiter | None = None,
                      join: bool = True) -> tuple[Decision, float | None]:
        """The decision and the time it was taken at (None when the store was not reached). Waiters
        are served as they ask: the priority order of waiting callers needs the Redis limiter."""
        windows = normalized(limits, cost)
        if not windows:
            return ALLOWED, None
        try:
            with self._lock:
                return self._decide(self._connection(), windows, cost)
        except (sqlite3.Error, OSError) as exc:  # a broken or unwritable store denies, never raises
            logger.warning("local rate limiter unavailable, denying: %s: %s", type(exc).__name__, exc)
            return Decision(False, self.unavailable_retry, UNAVAILABLE), None

    def answered(self, limits: Sequence[Limit], decision: Decision, *, sent_ago: float, answer_ago: float,
                 cost: int = 1) -> None:
        """As RedisLimiter.answered: the grant counts from the call's start, or from its answer less
        the margin when sooner."""
        windows = [w for w in normalized(limits, cost) if w.margin > 0]
        if not windows or not decision.allowed or decision.grant is None:
            return
        try:
            with self._lock:
                conn, now = self._connection(), time.time()
                rows = []
                for w in windows:
                    counted = min(now - max(0.0, sent_ago), now - max(0.0, answer_ago) - w.margin)
                    rows.append((counted, counted + w.window, _bucket(w), float(decision.grant)))
                conn.executemany("UPDATE grants SET at = ?, expires_at = ? WHERE bucket = ? AND at = ?", rows)
        except (sqlite3.Error, OSError) as exc:  # the grant keeps counting from itself plus the margin
            logger.warning("local rate limiter unavailable: %s: %s", type(exc).__name__, exc)

    def usage(self, limits: Sequence[Limit]) -> list[int | None]:
        """Grants now inside each limit's window (read-only, for the dashboard); None when unreadable."""
        try:
            with self._lock:
                conn, now = self._connection(), time.time()
                return [conn.execute("SELECT COUNT(*) FROM grants WHERE bucket = ? AND at > ?",
                                     (_bucket(w), now - w.period)).fetchone()[0] for w in limits]
        except (sqlite3.Error, OSError):
            return [None] * len(limits)

    def leave(self, limits: Sequence[Limit], waiter: Waiter) -> None:
        """No waiting room here (see acquire_timed)."""

    def _decide(self, conn: sqlite3.Connection, windows: list[Limit], cost: int) -> tuple[Decision, float]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = time.time()  # read under the write lock, so grant times are in commit order
            conn.execute("DELETE FROM grants WHERE expires_at <= ?", (now,))
            wait, blocking = 0.0, None
            for w in windows:
                name = _bucket(w)
                used = conn.execute("SELECT COUNT(*) FROM grants WHERE bucket = ? AND at > ?", (name, now - w.window)).fetchone()[0]
                over = used + cost - w.limit
                if over > 0:
                    (freed,) = conn.execute(
                        "SELECT at FROM grants WHERE bucket = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?",
                        (name, now - w.window, over - 1),
                    ).fetchone()
                    if freed + w.window - now > wait:
                        wait, blocking = freed + w.window - now, w.key
            if blocking is None:
                rows = [(_bucket(w), now, now + w.window) for w in windows for _ in range(cost)]
                conn.executemany("INSERT INTO grants (bucket, at, expires_at) VALUES (?, ?, ?)", rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return (Decision(True, 0.0, None, repr(now)) if blocking is None else Decision(False, wait, blocking)), now

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():  # a forked child opens its own
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            self._conn, self._pid = conn, os.getpid()
        return self._conn


def _bucket(limit: Limit) -> str:
    return f"{limit.key}@{limit.period:g}"

"""A new task's poke to the worker lingering on its queue: a PostgreSQL NOTIFY on the queue's channel.

The poke rides the transaction that makes the task ready (the submit's INSERT carries it in the same
statement), so PostgreSQL hands it to the lingering worker's own connection as the task commits: no
hop through the submitter and Redis after the commit, no poke for a task that rolled back.

Only the lingerer listens, and only while it lingers (LISTEN when it starts, UNLISTEN when it lets go
of the queue), so no other worker is woken and no notification piles up behind a slow task. A task
committed before LISTEN took effect sent its poke to nobody: the lingerer claims once after LISTEN,
before it first waits (beat.queue.drain). Whether anyone lingers is Redis's to say (beat.queue.marks);
a poke to no listener costs PostgreSQL next to nothing. PostgreSQL only: elsewhere no worker lingers.

A worker that starts listening says so on the channel (TAKEN): a lingerer whose turn is over, and
which goes on listening until its successor does (beat.queue.drain), hears it and leaves.
"""
from django.db import connection


TAKEN = "taken"  # the payload of a worker that has just started listening on the channel


def available() -> bool:
    return connection.vendor == "postgresql"


def channel(queue: str) -> str:
    return f"beat_queue:{queue}"


def carried_by(insert_returning_id: str) -> str:
    """The INSERT … RETURNING id statement with its poke in the same statement (one more parameter,
    last: the queue's channel). The poke is sent when the statement's transaction commits."""
    return f"WITH task AS ({insert_returning_id}) SELECT id, pg_notify(%s, '') FROM task"


def poke(queue: str) -> None:
    """Poke the queue's lingerer when the current transaction commits (at once in autocommit)."""
    if available():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [channel(queue)])


class Listener:
    """A lingering worker's ear on its queue's channel, on the worker's own database connection."""

    def __init__(self, queue: str):
        self.queue = queue
        self._on = None  # the psycopg connection that LISTENs; None when not listening
        self.replaced = False  # another worker has started listening on the queue since this one did

    def listen(self) -> bool:
        """Listen (once), and say so on the channel (TAKEN). True when it has just started listening
        (or its connection was replaced): the caller claims once before it waits, for tasks that
        committed before. False if it cannot listen (not PostgreSQL, or the database failed)."""
        if not available():
            return False
        try:
            connection.ensure_connection()
            if self._on is connection.connection:
                return False
            name = connection.ops.quote_name(channel(self.queue))
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {name}; NOTIFY {name}, '{TAKEN}'")
            for _ in connection.connection.notifies(timeout=0):
                pass  # its own TAKEN, and pokes of tasks its caller's claim will see anyway
        except Exception:
            self._on = None
            return False
        self._on, self.replaced = connection.connection, False
        return True

    @property
    def listening(self) -> bool:
        return self._on is not None and self._on is connection.connection and not self._on.closed

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for a poke: True if poked (pokes that came meanwhile count as one), False
        when the time ran out or the connection failed. Another worker's TAKEN counts as a poke, and
        sets `replaced`."""
        if not self.listening:
            return False
        poked = False
        try:
            own = self._on.info.backend_pid
            for notice in self._on.notifies(timeout=seconds, stop_after=1):
                poked = True  # it goes on to yield every poke it holds already: one claim covers them all
                if notice.payload == TAKEN and notice.pid != own:
                    self.replaced = True
        except Exception:
            self._on = None
        return poked

    def stop(self) -> None:
        """UNLISTEN: the worker lets go of the queue (before a slow task, or leaving)."""
        if self._on is None:
            return
        on, self._on = self._on, None
        if on is connection.connection and not on.closed:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"UNLISTEN {connection.ops.quote_name(channel(self.queue))}")
            except Exception:
                pass

"""A cursor with server-side parameters, for the queue's statements on the path of every task.

Django's PostgreSQL cursors bind on the client: every value is quoted into the SQL text in Python,
which on the path of every submit and claim costs more than the statement itself. This cursor, on
the connection's own psycopg handle, sends the values apart from the SQL; Django still wraps it, so
errors are Django's, query logging and execute wrappers see it, and it runs in the caller's
transaction like any query. PostgreSQL only.

A `prepared` cursor's statements are prepared on the connection the first time they run and only bound
and executed after that (the submit's INSERT: parsing and planning it cost ~0.2 ms of every submit on an
idle server), unless BEAT_PREPARED_STATEMENTS is off (a transaction-mode pooler that loses prepared
statements). Only statements whose result columns cannot change are prepared that way: a prepared
statement that returns a table's rows fails once a migration adds a column to the table.
"""
import psycopg
from django.conf import settings
from django.db import connection


class _Prepared(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def cursor(*, prepared: bool = False):
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    kind = _Prepared if prepared and settings.BEAT_PREPARED_STATEMENTS else psycopg.Cursor
    raw = kind(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)

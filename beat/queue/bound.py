"""A cursor with server-side parameters, for the queue's statements on the path of every task.

Django's PostgreSQL cursors bind on the client: every value is quoted into the SQL text in Python,
which on the path of every submit and claim costs more than the statement itself. This cursor, on
the connection's own psycopg handle, sends the values apart from the SQL; Django still wraps it, so
errors are Django's, query logging and execute wrappers see it, and it runs in the caller's
transaction like any query. Statements are not prepared: Django turns psycopg's prepared statements
off (they break behind a transaction-mode pooler), and this keeps that. PostgreSQL only.
"""
import psycopg
from django.db import connection


def cursor():
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)

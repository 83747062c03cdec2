"""Every index on the task table and the events outbox is written on each task's change of status (a
claim or an outcome is not a HOT update), so none may be there for nothing."""
import pytest
from django.db import connection

TABLES = ("scrape_request_log", "beat_outbox")

pytestmark = pytest.mark.django_db


def indexes(table: str) -> list[tuple[str, list[str], bool, bool, str]]:
    """(name, columns, unique, partial, definition) of each index of `table`."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname, array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(num, n)
                                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
                                    ORDER BY k.n),
                   i.indisunique, i.indpred IS NOT NULL, pg_get_indexdef(i.indexrelid)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = %s::regclass""", [table])
        return cursor.fetchall()


@pytest.mark.parametrize("table", TABLES)
def test_no_index_serves_prefix_matches_nothing_asks_for(table):
    assert [name for name, _cols, _u, _p, definition in indexes(table) if "pattern_ops" in definition] == []


@pytest.mark.parametrize("table", TABLES)
def test_no_plain_index_repeats_the_leading_columns_of_another(table):
    found = indexes(table)
    whole = [(name, cols) for name, cols, unique, partial, _ in found if not partial]
    repeated = [(name, other) for name, cols, unique, partial, _ in found if not unique and not partial
                for other, longer in whole if other != name and longer[:len(cols)] == cols]
    assert repeated == []


def test_the_lookups_that_need_an_index_still_have_one():
    columns = {tuple(cols) for cols in (found[1] for found in indexes("scrape_request_log"))}
    assert ("flow",) in columns  # the admin's and the dashboard's per-flow lists
    assert ("account_id", "created_at") in columns  # an account's tasks, newest first; the account's FK
    assert ("routing_key",) in {tuple(found[1]) for found in indexes("beat_outbox")}

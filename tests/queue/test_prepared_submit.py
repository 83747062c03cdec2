"""The submit's INSERT is prepared once per connection (beat.queue.bound), unless turned off for a pooler."""
import pytest
from django.db import connection
from django.test import override_settings

from beat.queue import services

pytestmark = pytest.mark.django_db(transaction=True)  # each test starts on a connection of its own


def prepared_inserts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%INSERT INTO scrape_request_log%"])
        return [row[0] for row in cursor.fetchall()]


def test_the_submit_s_insert_is_prepared_once_on_its_connection():
    connection.close()

    first, _ = services.submit("beat_echo", {})
    second, _ = services.submit("beat_echo", {"payload": {"n": 2}})

    assert len(prepared_inserts()) == 1  # the second submit ran the statement prepared by the first
    assert second.pk == first.pk + 1 and second.params["payload"] == {"n": 2}


@override_settings(BEAT_PREPARED_STATEMENTS=False)
def test_behind_a_pooler_that_loses_them_nothing_is_prepared():
    connection.close()

    services.submit("beat_echo", {})
    services.submit("beat_echo", {})

    assert prepared_inserts() == []


def test_nothing_else_is_prepared_by_itself():
    connection.close()

    services.submit("beat_echo", {})
    from beat.queue.claim import claim_batch
    for _ in range(10):  # the claim runs more often than any threshold psycopg would use on its own
        claim_batch(queue="default", worker="w", limit=1)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 1  # the submit's INSERT only

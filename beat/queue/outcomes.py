"""How a run's outcome reaches its row: conditional on the claim still being this worker's.

A task taken back after its lease (or from a worker thought dead) and claimed again has a new
attempt number and worker, so a late outcome of the old claim changes nothing. Outcomes are written
at once, one UPDATE each, or gathered in a Batch and written together, one UPDATE per kind of change
(beat.queue.batch does that for the quick tasks of a claimed batch). A connection PostgreSQL dropped
(a restart, a terminated backend) is opened again once: the outcome is not left to the lease.
"""
import logging
from functools import lru_cache

from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from beat.queue import bound

log = logging.getLogger(__name__)
_FIELDS = {f.name: f for f in ScrapeRequestLog._meta.concrete_fields}


class Batch:
    """Outcomes waiting to be written together; `flush()` writes them (and is a no-op when empty)."""

    def __init__(self):
        self._waiting: list[tuple[ScrapeRequestLog, dict]] = []

    def add(self, task: ScrapeRequestLog, changes: dict) -> None:
        self._waiting.append((task, changes))

    def flush(self) -> None:
        waiting, self._waiting = self._waiting, []
        groups: dict[tuple, list] = {}
        for task, changes in waiting:
            groups.setdefault(tuple(changes), []).append((task, changes))
        for rows in groups.values():
            _retrying(_update_many, rows)


def write(task: ScrapeRequestLog, changes: dict, batch: Batch | None = None) -> None:
    """Record `changes` on the task's row now, or with `batch` when one is given."""
    changes = {**changes, "updated_at": timezone.now()}
    if batch is not None:
        batch.add(task, changes)
    else:
        _retrying(_update_many, [(task, changes)])


def _retrying(update, rows) -> None:
    try:
        update(rows)
    except (OperationalError, InterfaceError):
        connection.close()
        update(rows)


def _update_many(rows: list[tuple[ScrapeRequestLog, dict]]) -> None:
    """One UPDATE for rows with the same changed fields (one per row off PostgreSQL). Plain SQL: on the
    hot path of every task, the ORM's query building cost more than the statement."""
    names = list(rows[0][1])
    columns = [_FIELDS[name] for name in names]
    if connection.vendor == "postgresql":
        written = _update_from_values(rows, names, columns)
    else:
        written = {task.pk for task, changes in rows if _update_one(task, changes, names, columns)}
    for task, _changes in rows:
        if task.pk not in written:
            log.warning("task %s was taken back from this worker before it finished; its outcome is dropped",
                        task.pk)


def _prepared(changes: dict, names, columns) -> list:
    return [field.get_db_prep_save(changes[name], connection) for name, field in zip(names, columns)]


def _update_from_values(rows, names, columns) -> set[int]:
    """One UPDATE … FROM unnest(one array per column): the same statement text for any number of rows
    with these changes, so nothing is parsed again per batch on either side."""
    arrays = [[task.pk for task, _ in rows], [task.attempts for task, _ in rows], [task.worker for task, _ in rows]]
    prepared = [_prepared(changes, names, columns) for _, changes in rows]
    arrays += [[values[i] for values in prepared] for i in range(len(columns))]
    with bound.cursor() as cursor:
        cursor.execute(_unnest_update(tuple(names)), [*arrays, Status.PROCESSING])
        return {row[0] for row in cursor.fetchall()}


@lru_cache(maxsize=64)
def _unnest_update(names: tuple[str, ...]) -> str:
    columns = [_FIELDS[name] for name in names]
    casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
    assignments = ", ".join(f'"{field.column}" = v."{field.column}"' for field in columns)
    column_list = ", ".join(f'"{field.column}"' for field in columns)
    return (f"UPDATE scrape_request_log AS t SET {assignments} "
            f"FROM unnest(%s::bigint[], %s::integer[], %s::text[], {casts}) "
            f"AS v(claimed_id, claimed_attempts, claimed_by, {column_list}) "
            f"WHERE t.id = v.claimed_id AND t.status = %s AND t.attempts = v.claimed_attempts "
            f"AND t.worker = v.claimed_by RETURNING t.id")


def _update_one(task, changes: dict, names, columns) -> bool:
    assignments = ", ".join(f'"{field.column}" = %s' for field in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE scrape_request_log SET {assignments} "
                       f"WHERE id = %s AND status = %s AND attempts = %s AND worker = %s",
                       [*_prepared(changes, names, columns), task.pk, Status.PROCESSING, task.attempts, task.worker])
        return cursor.rowcount == 1

"""One INSERT ... ON CONFLICT DO UPDATE per batch, that never overwrites a stored value with null.

Django's bulk_create(update_conflicts=True) can only copy EXCLUDED values over, which would wipe a
stored count whenever a source leaves it out, so the statement is built here from the model's fields:
every column is COALESCE(EXCLUDED.col, t.col) unless its table says otherwise. Empty strings, lists and
dicts are turned into None before that, so "empty" never overwrites either. The same SQL runs on
PostgreSQL and SQLite (>= 3.35: upsert with RETURNING).

Inserts are told from updates without a vendor trick: a new row gets the same timestamp in its
`first` and `last` columns (created_at / updated_at), an updated row keeps its old `first`.
"""
from dataclasses import dataclass, field

from django.db import connection

MAX_PARAMS = 30_000  # below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters per statement


@dataclass(frozen=True)
class Table:
    model: type
    key: tuple[str, ...]  # the natural key: a unique constraint's fields
    key_where: str = ""  # the predicate of a partial unique index, when the key is one
    first: str = "created_at"  # written on insert only
    last: str = "updated_at"  # written on every upsert
    replace: tuple[str, ...] = ()  # take the new value even when it is null
    keep_first: tuple[str, ...] = ()  # the stored value wins (first write wins)
    custom: dict = field(default_factory=dict)  # column -> SQL; t is the stored row, EXCLUDED the new one


@dataclass(frozen=True)
class UpsertResult:
    """What an upsert changed. keys are natural keys (a tuple when the key has several fields, else
    the value), in the order first given, duplicates merged; ids the primary keys in the same order."""

    created: int = 0
    updated: int = 0
    keys: tuple = ()
    ids: tuple = ()
    created_keys: tuple = ()

    @property
    def shortcodes(self) -> tuple:
        return self.keys

    def __add__(self, other: "UpsertResult") -> "UpsertResult":
        return UpsertResult(self.created + other.created, self.updated + other.updated, self.keys + other.keys,
                            self.ids + other.ids, self.created_keys + other.created_keys)


def blank_to_none(value):
    """'' / '  ' / [] / () / {} -> None: unknown, so the stored value stays."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, (list, tuple, dict, set)) and not value:
        return None
    return list(value) if isinstance(value, tuple) else value


def bulk_upsert(table: Table, rows: list[dict]) -> UpsertResult:
    """Upsert rows (field name -> value; every row the same fields) in as few statements as possible."""
    rows = _merge_duplicates(table, rows)
    if not rows:
        return UpsertResult()
    names = list(rows[0])
    size = max(1, MAX_PARAMS // len(names))
    result = UpsertResult()
    for start in range(0, len(rows), size):
        result += _upsert_batch(table, names, rows[start:start + size])
    return result


def upsert_one(table: Table, row: dict):
    """Upsert one row and return the model instance as stored (one statement, no re-read);
    instance.was_created tells an insert from an update."""
    names = list(row)
    returning = f"{_all_columns(table.model)}, {_inserted(table)}"
    sql, params = _statement(table, names, [row], returning=returning)
    (instance,) = table.model.objects.raw(sql, params)
    instance.was_created = bool(instance.inserted)
    return instance


def _upsert_batch(table: Table, names: list[str], rows: list[dict]) -> UpsertResult:
    meta = table.model._meta
    key_columns = [meta.get_field(name).column for name in table.key]
    returning = ", ".join(_q(c) for c in [meta.pk.column, *key_columns]) + f", {_inserted(table)}"
    sql, params = _statement(table, names, rows, returning=returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        returned = {tuple(r[1:-1]): (r[0], bool(r[-1])) for r in cursor.fetchall()}
    keys, ids, created_keys = [], [], []
    for row in rows:
        natural = tuple(row[name] for name in table.key)
        pk, inserted = returned[tuple(str(v) if v is not None else None for v in natural)]
        key = natural if len(natural) > 1 else natural[0]
        keys.append(key)
        ids.append(pk)
        if inserted:
            created_keys.append(key)
    return UpsertResult(len(created_keys), len(rows) - len(created_keys), tuple(keys), tuple(ids),
                        tuple(created_keys))


def _statement(table: Table, names: list[str], rows: list[dict], returning: str) -> tuple[str, list]:
    meta = table.model._meta
    fields = [meta.get_field(name) for name in names]
    columns = [f.column for f in fields]
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [f.get_db_prep_save(row[f.name], connection) for row in rows for f in fields]
    key_columns = [meta.get_field(name).column for name in table.key]
    conflict = "(" + ", ".join(_q(c) for c in key_columns) + ")"
    if table.key_where:
        conflict += f" WHERE {table.key_where}"
    updates = [f"{_q(f.column)} = {_update_expression(table, f.name, f.column)}"
               for f in fields if f.name not in table.key and f.name != table.first]
    sql = (f"INSERT INTO {_q(meta.db_table)} AS t ({', '.join(_q(c) for c in columns)}) "
           f"VALUES {', '.join([placeholders] * len(rows))} "
           f"ON CONFLICT {conflict} DO UPDATE SET {', '.join(updates)} RETURNING {returning}")
    return sql, params


def _update_expression(table: Table, name: str, column: str) -> str:
    new, old = f"EXCLUDED.{_q(column)}", f"t.{_q(column)}"
    if name in table.custom:
        return table.custom[name]
    if name == table.last or name in table.replace:
        return new
    if name in table.keep_first:
        return f"COALESCE({old}, {new})"
    return f"COALESCE({new}, {old})"


def _inserted(table: Table) -> str:
    meta = table.model._meta
    first, last = meta.get_field(table.first).column, meta.get_field(table.last).column
    return f"CASE WHEN {_q(first)} = {_q(last)} THEN 1 ELSE 0 END AS inserted"


def _all_columns(model) -> str:
    return ", ".join(_q(f.column) for f in model._meta.concrete_fields)


def _merge_duplicates(table: Table, rows: list[dict]) -> list[dict]:
    """ON CONFLICT cannot touch one row twice in a statement: fold repeats, later known values winning."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[name] for name in table.key)
        if key in merged:
            merged[key].update({k: v for k, v in row.items() if v is not None})
        else:
            merged[key] = dict(row)
    return list(merged.values())


def _q(name: str) -> str:
    return connection.ops.quote_name(name)

"""Reports as Parquet files in Beat's storage (local files by default; S3 once storage is configured),
stored through beat.reports.storage, the one place report files are saved.

pyarrow writes them: the reference Parquet implementation (Apache Arrow), typed columns, and the
files the FastAPI Beat's readers (ClickHouse, pandas) already open. A report named again (its task
run twice) replaces the earlier file, so running a task twice leaves the same file.
"""
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from beat.reports.storage import bucket, save

__all__ = ["FLOAT", "INT", "STRING", "TIME", "bucket", "read_parquet", "write_parquet"]

# Column types, named here and made pyarrow types when a report is written: pyarrow (and numpy with
# it) is imported then, not by every process that registers the flows.
STRING, FLOAT, INT, TIME = "string", "float64", "int64", "timestamp[us, UTC]"


def _arrow_type(name: str):
    import pyarrow as pa

    return pa.timestamp("us", tz="UTC") if name == TIME else pa.type_for_alias(name)


def write_parquet(name: str, columns: dict[str, str], rows: list[dict]) -> str:
    """Write rows (dicts keyed by column; `columns` maps each to one of the types above) under `name`;
    returns the stored name."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(column, _arrow_type(kind)) for column, kind in columns.items()])
    table = pa.Table.from_pylist([{column: row.get(column) for column in columns} for row in rows], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return save(name, ContentFile(buffer.getvalue()))


def read_parquet(name: str) -> list[dict]:
    """A stored report's rows (tests, and whoever checks a report by hand)."""
    import pyarrow.parquet as pq

    with default_storage.open(name, "rb") as handle:
        return pq.read_table(io.BytesIO(handle.read())).to_pylist()


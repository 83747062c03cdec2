"""One place where bench scripts hand their headline figures to `make bench`'s table.

A script prints its own lines for a reader as before, and also calls `record(...)` for each figure
worth a row. When BENCH_FIGURES names a file (bench/table.py sets it), each figure is appended to it
as one JSON line; otherwise `record` does nothing, so a script run alone prints only its own lines.

    from bench.figures import record
    record("queue", "enqueue-to-start p50", 2.4, "ms", aim="< 3", ok=p50 < 3)

ok: whether the figure meets its aim (None: no aim, or the aim is for a reader to judge).
"""
import json
import os


def record(bench: str, figure: str, value, unit: str = "", *, aim: str = "", ok: bool | None = None) -> None:
    path = os.environ.get("BENCH_FIGURES")
    if not path:
        return
    line = {"bench": bench, "figure": figure, "value": value, "unit": unit, "aim": aim, "ok": ok}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")

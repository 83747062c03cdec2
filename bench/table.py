"""`make bench`: run the bench scripts one after another, then print one table of their figures and aims.

    .venv/bin/python bench/table.py [SCRIPT ...] [--quiet] [--markdown] [--log-dir DIR]
    .venv/bin/python bench/table.py --figures var/bench/<run>/figures.jsonl --markdown   (no run: a saved table)

A SCRIPT is a bench/ name (ratelimit) or a path to a .py file. Each runs as a subprocess with this
environment plus BENCH_FIGURES, one file where bench/figures.py's record() appends its figures. Its output
is shown as it comes (--quiet: only when it starts and ends) and saved to <log dir>/<script>.log; the log
dir (default var/bench/<UTC time>/) also keeps figures.jsonl. Exits 1 if a script failed, naming it.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run as a script, bench/ heads sys.path and bench/queue.py would shadow the standard library's queue
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from bench.figures import record  # noqa: E402

# the set (queue, ratelimit, budget, ingest with its API reads) and the cheap others
DEFAULT = ("queue", "ratelimit", "budget", "ingest", "shopify_orders", "web_wait", "events")


def script_path(name: str) -> Path:
    if name.endswith(".py") or os.sep in name:
        return Path(name).resolve()
    return ROOT / "bench" / f"{name}.py"


def rabbitmq_up() -> bool:
    """bench/events.py needs RabbitMQ on 127.0.0.1:5672 (and rabbitmqctl for its own vhost)."""
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
    except OSError:
        return False
    return shutil.which("rabbitmqctl") is not None


def run_script(path: Path, log: Path, quiet: bool) -> int:
    """Run one script to its end, its output (stdout and stderr) teed to the log; its exit code."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, bufsize=1)
        for line in proc.stdout:
            out.write(line)
            if not quiet:
                sys.stdout.write(line)
                sys.stdout.flush()
        return proc.wait()


def read_figures(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def show(value) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:#.3g}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def mark(figure: dict) -> str:
    if figure.get("ok") is None:
        return "to judge" if figure.get("aim") else "no aim"
    return "met" if figure["ok"] else "NOT MET"


def rows(figures: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """(bench, figure, value with its unit, aim, mark) for each recorded figure, in the order recorded."""
    return [(f["bench"], f["figure"], f"{show(f['value'])} {f.get('unit') or ''}".strip(), f.get("aim") or "",
             mark(f)) for f in figures]


HEADER = ("bench", "figure", "value", "aim", "met")


def text_table(table: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in (HEADER, *table)) for i in range(len(HEADER))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in (HEADER, *table)]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(table: list[tuple]) -> str:
    escape = lambda cell: str(cell).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(name.capitalize() for name in HEADER) + " |", "|---" * len(HEADER) + "|"]
    return "\n".join(lines + ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in table])


def print_table(figures: Path, markdown: bool) -> None:
    print((markdown_table if markdown else text_table)(rows(read_figures(figures))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", help=f"bench/ names or paths (default: {' '.join(DEFAULT)}; "
                                                   "events only if RabbitMQ answers)")
    parser.add_argument("--quiet", action="store_true", help="a script's output in its log only")
    parser.add_argument("--markdown", action="store_true", help="the table as Markdown (README, closing note)")
    parser.add_argument("--log-dir", type=Path, help="default: var/bench/<UTC time>/")
    parser.add_argument("--figures", type=Path, help="print the table of a saved figures.jsonl; run nothing")
    args = parser.parse_args(argv)
    if args.figures:
        print_table(args.figures, args.markdown)
        return 0

    names = args.scripts or [n for n in DEFAULT if n != "events" or rabbitmq_up()]
    skipped = [] if args.scripts or "events" in names else ["events (RabbitMQ not reachable)"]
    paths = {name: script_path(name) for name in names}
    missing = [name for name, path in paths.items() if not path.is_file()]
    if missing:
        parser.error(f"no such bench script: {', '.join(missing)}")
    log_dir = args.log_dir or ROOT / "var" / "bench" / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log_dir.mkdir(parents=True, exist_ok=True)
    figures = log_dir / "figures.jsonl"
    figures.write_text("")
    os.environ["BENCH_FIGURES"] = str(figures)  # for every script, and for this one's own rows

    failed = []
    for name, path in paths.items():
        log = log_dir / f"{path.stem}.log"
        print(f"\n=== bench {name} (log: {log})", flush=True)
        began = time.monotonic()
        code = run_script(path, log, args.quiet)
        outcome = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"=== bench {name}: {outcome} in {time.monotonic() - began:.0f} s", flush=True)
        if code != 0:  # a row too, so a pasted table cannot lose a failed bench
            record(path.stem, "the script's exit code", code, aim="0", ok=False)
            failed.append(f"{name} (exit {code}, see {log})")

    print()
    print_table(figures, args.markdown)
    print(f"\nfigures: {figures}" + "".join(f"\nskipped: {s}" for s in skipped))
    if failed:
        print("failed: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""bench/table.py's table: rows from a figures file, and a run of tiny fake bench scripts as subprocesses
(the real benches are too long for tests; they are run by `make bench`)."""
import json
import subprocess
import sys
from pathlib import Path

from bench import table

ROOT = Path(__file__).resolve().parents[2]
FIGURES = [
    {"bench": "ratelimit", "figure": "grants above a limit", "value": 0, "unit": "", "aim": "0", "ok": True},
    {"bench": "ratelimit", "figure": "achieved rate / limit", "value": 0.9123, "unit": "", "aim": ">= 0.95",
     "ok": False},
    {"bench": "events", "figure": "relay", "value": 2345.6, "unit": "events/s", "aim": "", "ok": None},
    {"bench": "web_wait", "figure": "p95", "value": 12.34, "unit": "ms", "aim": "well below 2 s", "ok": None},
    {"bench": "ingest", "figure": "queries | 12 vs 120", "value": "9 vs 9", "unit": "", "aim": "same count",
     "ok": True},
]


def write_figures(path: Path) -> Path:
    path.write_text("".join(json.dumps(figure) + "\n" for figure in FIGURES))
    return path


def fake_script(path: Path, figure: str, exit_code: int) -> Path:
    path.write_text(f"""import sys
sys.path.insert(0, {str(ROOT)!r})
from bench.figures import record
print("{path.stem} says hello")
record("{path.stem}", "{figure}", 42, "per s", aim=">= 40", ok=True)
sys.exit({exit_code})
""")
    return path


def run_table(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / "table.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_each_figure_is_a_row_with_its_value_unit_aim_and_mark(tmp_path):
    rows = table.rows(table.read_figures(write_figures(tmp_path / "figures.jsonl")))

    assert rows == [
        ("ratelimit", "grants above a limit", "0", "0", "met"),
        ("ratelimit", "achieved rate / limit", "0.912", ">= 0.95", "NOT MET"),
        ("events", "relay", "2,346 events/s", "", "no aim"),
        ("web_wait", "p95", "12.3 ms", "well below 2 s", "to judge"),
        ("ingest", "queries | 12 vs 120", "9 vs 9", "same count", "met"),
    ]


def test_a_saved_figures_file_prints_as_text_or_markdown_without_running_anything(tmp_path):
    figures = write_figures(tmp_path / "figures.jsonl")

    text = run_table("--figures", str(figures))
    markdown = run_table("--figures", str(figures), "--markdown")

    assert text.returncode == markdown.returncode == 0
    header, rule, *lines = text.stdout.splitlines()
    assert header.split() == ["bench", "figure", "value", "aim", "met"] and set(rule) == {"-", " "}
    assert lines[1].split("  ")[0] == "ratelimit" and lines[1].endswith("NOT MET") and len(lines) == len(FIGURES)
    assert markdown.stdout.splitlines()[:3] == [
        "| Bench | Figure | Value | Aim | Met |", "|---|---|---|---|---|",
        "| ratelimit | grants above a limit | 0 | 0 | met |"]
    assert "| ingest | queries \\| 12 vs 120 | 9 vs 9 | same count | met |" in markdown.stdout


def test_scripts_run_in_turn_into_one_table_and_a_failed_one_makes_it_exit_non_zero(tmp_path):
    ok = fake_script(tmp_path / "fake_ok.py", "answers", 0)
    failing = fake_script(tmp_path / "fake_failing.py", "answers before failing", 3)
    logs = tmp_path / "logs"

    result = run_table(str(ok), str(failing), "--log-dir", str(logs))

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert out.index("fake_ok says hello") < out.index("fake_failing says hello")  # shown as they ran
    assert out[-1] == f"failed: {failing} (exit 3, see {logs / 'fake_failing.log'})"
    header = next(i for i, line in enumerate(out) if line.startswith("bench "))
    assert [line.split("  ")[0] for line in out[header + 2:header + 5]] == ["fake_ok", "fake_failing", "fake_failing"]
    assert out[header + 4].split() == ["fake_failing", "the", "script's", "exit", "code", "3", "0", "NOT", "MET"]
    assert out[header + 5] == ""  # no other row
    assert (logs / "fake_failing.log").read_text() == "fake_failing says hello\n"
    assert len(table.read_figures(logs / "figures.jsonl")) == 3


def test_quiet_keeps_a_script_s_output_in_its_log_only_and_all_passing_exits_zero(tmp_path):
    ok = fake_script(tmp_path / "fake_ok.py", "answers", 0)

    result = run_table(str(ok), "--quiet", "--log-dir", str(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "says hello" not in result.stdout and "failed" not in result.stdout
    assert "fake_ok says hello" in (tmp_path / "fake_ok.log").read_text()


def test_an_unknown_script_name_is_refused_before_anything_runs(tmp_path):
    result = run_table("no_such_bench", "--log-dir", str(tmp_path / "logs"))

    assert result.returncode == 2 and "no such bench script: no_such_bench" in result.stderr
    assert not (tmp_path / "logs").exists()

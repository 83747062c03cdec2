"""The embedded default (SQLite) differs from PostgreSQL where it stores what PostgreSQL refuses
(NUL, lone surrogates): the same refusals hold there, and the account's task, list and admin pages
keep working. Runs a real `manage.py` on SQLite in a subprocess (no DATABASE_URL)."""
import json
import subprocess
import sys

from tests.ops.test_dev import ROOT, keyed_embedded_env

PROBE = ROOT / "tests" / "ops" / "sqlite_edges_probe.py"
ERROR_KEYS = ["code", "details", "message"]


def run_probe(tmp_path) -> dict:
    env = keyed_embedded_env(tmp_path)
    for args in (["migrate", "--noinput"], ["shell", "-c", PROBE.read_text()]):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("PROBE ")]
    return json.loads(line.removeprefix("PROBE "))


def test_on_sqlite_nul_surrogates_and_deep_params_are_400_and_every_later_page_still_answers(tmp_path):
    results = run_probe(tmp_path)
    for case in ("surrogate_value", "surrogate_key", "nul_value", "nul_key", "deep"):
        assert results[case] == [400, "parse_error", ERROR_KEYS], case
    assert results["later_submit"][0] == 201
    assert results["later_get"][0] == results["later_list"][0] == 200
    assert results["list_count"] == 1  # nothing of the refused requests was stored
    assert results["admin_list"] == results["admin_page"] == 200

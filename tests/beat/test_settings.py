import subprocess
import sys

import pytest


def _check(env):
    return subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True)


@pytest.mark.parametrize("name,value,words", [
    ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a postgres"),
    ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must be a redis"),
    ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false"),
    ("BEAT_WORKERS", "four", "BEAT_WORKERS must be a whole number"),
])
def test_a_bad_setting_is_a_clear_startup_error(name, value, words):
    result = _check({"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x", name: value})
    assert result.returncode != 0
    assert words in result.stderr


def test_with_no_environment_it_runs_on_embedded_defaults_and_the_keys_make_run_keeps(tmp_path, monkeypatch):
    from beat.management.commands.dev import kept_secrets

    result = _check({"PATH": "/usr/bin:/bin", "BEAT_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is not set" in result.stderr  # no public keys
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.delenv("BEAT_CREDENTIALS_KEYS", raising=False)
    kept_secrets(tmp_path)  # what `make run` does first
    result = _check({"PATH": "/usr/bin:/bin", "BEAT_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr

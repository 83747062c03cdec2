"""Issue 10, secrets: Beat refuses to start on public keys outside loopback DEBUG; `make run` keeps
random keys of its own; a token to validate can travel in a POST body."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from beat.management.commands.dev import kept_secrets

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("DJANGO_SECRET_KEY", "BEAT_CREDENTIALS_KEYS")


def any_key() -> str:
    """A fresh Fernet key for a server that only needs one to start (no credential is read with it)."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def beat(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("DJANGO_")}
    base.update(BEAT_VAR_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env", [
    {},  # production database, nothing else
    {"DJANGO_DEBUG": "1", "DJANGO_ALLOWED_HOSTS": "beat.example.com"},  # DEBUG, but reachable
    {"DJANGO_SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijkl"},  # no credentials key
])
def test_outside_loopback_debug_beat_refuses_to_start_without_both_keys(tmp_path, env):
    done = beat("manage.py", "check", tmp_path=tmp_path, **env)
    assert done.returncode != 0
    assert "BEAT_CREDENTIALS_KEYS is not set" in done.stderr
    assert ("DJANGO_SECRET_KEY is not set" in done.stderr) == ("DJANGO_SECRET_KEY" not in env)


def test_gunicorn_refuses_to_load_beat_without_its_keys(tmp_path):
    done = beat("-c", "import beat.wsgi", tmp_path=tmp_path)
    assert done.returncode != 0 and "DJANGO_SECRET_KEY is not set" in done.stderr


def test_a_loopback_debug_site_may_run_on_development_keys(tmp_path):
    done = beat("manage.py", "check", tmp_path=tmp_path, DJANGO_DEBUG="1")
    assert done.returncode == 0, done.stderr


def test_make_run_generates_its_keys_once_keeps_them_private_and_every_command_uses_them(tmp_path, monkeypatch):
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)
    first = kept_secrets(tmp_path)
    assert kept_secrets(tmp_path) == first
    assert len(first["DJANGO_SECRET_KEY"]) >= 50 and first["DJANGO_SECRET_KEY"] != first["BEAT_CREDENTIALS_KEYS"]
    for name in ("secret_key", "credentials_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    # any other command on the embedded default (no DATABASE_URL) finds them and starts
    done = beat("manage.py", "shell", "-c",
                "from django.conf import settings; print(settings.SECRET_KEY); print(settings.BEAT_CREDENTIALS_KEYS[0])",
                tmp_path=tmp_path, DATABASE_URL="")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == [first["DJANGO_SECRET_KEY"], first["BEAT_CREDENTIALS_KEYS"]]


def test_kept_keys_never_serve_a_production_database(tmp_path, monkeypatch):
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)
    kept_secrets(tmp_path)
    done = beat("manage.py", "check", tmp_path=tmp_path)  # DATABASE_URL is set: production
    assert done.returncode != 0 and "DJANGO_SECRET_KEY is not set" in done.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = beat("manage.py", "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
                DJANGO_SECRET_KEY="prod-" + "k3y-Xq9!" * 8, BEAT_CREDENTIALS_KEYS=any_key(),
                DJANGO_ALLOWED_HOSTS="beat.example.com", DJANGO_CSRF_TRUSTED_ORIGINS="https://beat.example.com")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_production_transport_settings_can_be_turned_off_from_the_environment(tmp_path):
    done = beat("manage.py", "shell", "-c", "from django.conf import settings as s; "
                "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)",
                tmp_path=tmp_path, DJANGO_SECRET_KEY="x" * 60, BEAT_CREDENTIALS_KEYS=any_key(),
                DJANGO_ALLOWED_HOSTS="beat.example.com", DJANGO_SECURE_SSL_REDIRECT="false",
                DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="false", DJANGO_SECURE_PROXY_SSL_HEADER="off")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-4:] == ["False", "0", "False", "None"]

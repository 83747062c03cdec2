"""What every bench script shares: its own PostgreSQL database, created and migrated on first use."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_own_database(suffix: str) -> tuple[str, str]:
    """Point DATABASE_URL at `<name><suffix>` (made if missing); returns (server's URL, bench URL).
    Call before django.setup(); the server is DATABASE_URL's (default: the local postgres)."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/beat")
    url = base + suffix
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
    # the Makefile's test-only key (bench credentials are fake ones), so a bench database kept between runs stays
    # readable whichever make target ran it
    os.environ.setdefault("BEAT_CREDENTIALS_KEYS", (ROOT / "tests/fixtures/credentials_test_key.txt").read_text().strip())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")
    return base, url


def create_database(base_url: str, db_url: str) -> None:
    """Create db_url's database on base_url's server if it is missing (no schema)."""
    import psycopg

    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(base_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_database(base_url: str, db_url: str) -> None:
    create_database(base_url, db_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)

import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from credentials.models import Credential, State

FASTAPI_ROWS = [
    {"id": 7, "source": "graphapi", "handle": "nasa", "enabled": True,
     "credentials": {"token": "EAABimported0123456789abcdef", "user_id": "17841405822304914"}},
    {"id": 8, "source": "rapidapi-arraybobo", "handle": None, "enabled": False,
     "credentials": json.dumps({"X-RapidAPI-Key": "arraybobo-0123456789abcdef", "X-RapidAPI-Host": "instagram-scraper-2022.p.rapidapi.com"})},
    {"id": 9, "source": "ytapi", "handle": "", "enabled": True,
     "credentials": {"refresh_token": "1//refresh-0123456789", "client_id": "cid", "client_secret": "csecret-0123456",
                     "channel_id": "UCLA_DiR1FfKNvjuUpBHmylQ"}},
]


def _write(tmp_path, rows, extra_lines=()):
    path = tmp_path / "credentials.jsonl"
    path.write_text("\n".join([json.dumps(r) for r in rows] + list(extra_lines)) + "\n")
    return path


def test_import_credentials_loads_the_fastapi_beats_rows_unchanged(db, tmp_path, capsys):
    call_command("import_credentials", str(_write(tmp_path, FASTAPI_ROWS)))
    graph = Credential.objects.get(source="graphapi")
    assert graph.secret == FASTAPI_ROWS[0]["credentials"] and graph.handle == "nasa" and graph.state == State.ACTIVE
    bobo = Credential.objects.get(source="rapidapi-arraybobo")
    assert bobo.secret["X-RapidAPI-Key"] == "arraybobo-0123456789abcdef" and bobo.state == State.DISABLED
    assert Credential.objects.get(source="ytapi").public == {"client_id": "cid", "channel_id": "UCLA_DiR1FfKNvjuUpBHmylQ"}
    assert "3 created, 0 updated" in capsys.readouterr().out


def test_importing_the_same_file_twice_updates_instead_of_duplicating(db, tmp_path):
    path = _write(tmp_path, FASTAPI_ROWS)
    call_command("import_credentials", str(path))
    call_command("import_credentials", str(path))
    assert Credential.objects.count() == 3


def test_a_bad_line_is_reported_without_its_secret_and_the_rest_is_imported(db, tmp_path, capsys):
    bad = {"source": "myspace", "credentials": {"token": "never-print-this-0123"}}
    with pytest.raises(CommandError):
        call_command("import_credentials", str(_write(tmp_path, FASTAPI_ROWS[:1] + [bad], ["{not json"])))
    out = capsys.readouterr()
    assert Credential.objects.count() == 1
    assert "line 2: unknown source 'myspace'" in out.err and "line 3" in out.err
    assert "never-print-this" not in out.out + out.err


def test_rotate_credentials_key_re_encrypts_every_row_with_the_first_key(db, tmp_path, settings, credentials_key, capsys):
    call_command("import_credentials", str(_write(tmp_path, FASTAPI_ROWS)))
    before = dict(Credential.objects.values_list("id", "secret_ciphertext"))
    new_key = Fernet.generate_key().decode()
    settings.BEAT_CREDENTIALS_KEYS = [new_key, credentials_key]
    call_command("rotate_credentials_key")
    assert "re-encrypted 3/3" in capsys.readouterr().out
    settings.BEAT_CREDENTIALS_KEYS = [new_key]  # the old key is gone: every row still opens
    for row in Credential.objects.all():
        assert row.secret_ciphertext != before[row.id]
        assert row.secret == next(
            (r["credentials"] if isinstance(r["credentials"], dict) else json.loads(r["credentials"]))
            for r in FASTAPI_ROWS if r["source"] == row.source)
    with connection.cursor() as cursor:
        cursor.execute("SELECT string_agg(row_to_json(c)::text, '') FROM credential c")
        assert "EAABimported0123456789abcdef" not in cursor.fetchone()[0]


def test_rotation_reports_rows_no_key_opens_and_leaves_them_alone(db, tmp_path, settings):
    call_command("import_credentials", str(_write(tmp_path, FASTAPI_ROWS[:1])))
    settings.BEAT_CREDENTIALS_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="no configured key opens"):
        call_command("rotate_credentials_key")

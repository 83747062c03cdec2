"""refresh_profiles, export_profiles and setup_schedules: progress on stderr, a summary, real rows."""
import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_q.models import Schedule

from beat.models import ScrapeRequestLog, Status
from credentials.services import credential_upsert
from instagram.models import InstagramAccount
from tests.instagram.factories import InstagramAccountFactory
from tests.instagram.test_flows_kit import NASA, credential
from tests.instagram.test_flows_profiles import serve_nasa

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def handles(tmp_path):
    path = tmp_path / "handles.txt"
    path.write_text("# the accounts of the week\n@NASA\n\n528817150\nbad handle!\n")
    return str(path)


def test_refresh_profiles_queues_a_task_per_handle_or_id_and_sums_up(handles):
    _out, err = run("refresh_profiles", "instagram", handles)
    tasks = {(t.flow, json.dumps(t.params)) for t in ScrapeRequestLog.objects.all()}
    assert tasks == {("refresh_profile_by_handle", '{"handle": "nasa"}'),
                     ("refresh_profile_by_profile_id", '{"profile_id": "528817150"}')}
    assert all(t.status == Status.PENDING for t in ScrapeRequestLog.objects.all())
    assert "refused bad handle!:" in err
    assert "3 profiles: 2 queued, 1 refused" in err and "queueing: 100%" in err


def test_refresh_profiles_now_runs_each_task_here_against_the_upstream(tmp_path, upstream):
    credential("rapidapi-arraybobo"), credential("rapidapi-jotucker")
    serve_nasa(upstream)
    path = tmp_path / "one.txt"
    path.write_text("nasa\n")
    _out, err = run("refresh_profiles", "instagram", str(path), "--now")
    assert ScrapeRequestLog.objects.get().status == Status.COMPLETE
    assert InstagramAccount.objects.get(profile_id=NASA).followers == 97831245
    assert "1 profiles: 1 complete" in err


def test_refresh_profiles_for_an_account_spends_that_accounts_own_credentials(tmp_path, upstream,
                                                                              account):
    for source in ("rapidapi-arraybobo", "rapidapi-jotucker"):
        credential_upsert(source=source, credentials={"X-RapidAPI-Key": f"k-{source}"}, owner=account)
    serve_nasa(upstream)
    path = tmp_path / "one.txt"
    path.write_text("nasa\n")
    with pytest.raises(CommandError, match="No profile was queued or refreshed"):
        run("refresh_profiles", "instagram", str(path), "--now")  # no account: pooled credentials only, none
    _out, err = run("refresh_profiles", "instagram", str(path), "--now", "--account", "acme")
    assert "1 profiles: 1 complete" in err
    assert ScrapeRequestLog.objects.get(status=Status.COMPLETE).account == account


def test_refresh_profiles_refuses_an_unknown_platform_and_a_missing_file(handles, tmp_path):
    with pytest.raises(CommandError, match="No platform named 'myspace' \\(registered: instagram"):
        run("refresh_profiles", "myspace", handles)
    with pytest.raises(CommandError, match="Cannot read"):
        run("refresh_profiles", "instagram", str(tmp_path / "missing.txt"))
    assert not ScrapeRequestLog.objects.exists()


def test_export_profiles_writes_csv_with_a_header_and_a_row_per_profile():
    InstagramAccountFactory(handle="nasa", followers=1000)
    InstagramAccountFactory(handle="esa", followers=None)
    out, err = run("export_profiles", "instagram", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["handle"], r["followers"]) for r in rows] == [("nasa", "1000"), ("esa", "")]
    assert "Exported instagram profiles to stdout: 2 rows" in err


def test_export_profiles_writes_json_lines_to_a_file(tmp_path):
    InstagramAccountFactory(handle="nasa", followers=1000)
    target = tmp_path / "out.jsonl"
    out, err = run("export_profiles", "INSTAGRAM", "--format", "jsonl", "--output", str(target))
    (row,) = [json.loads(line) for line in target.read_text().splitlines()]
    assert out == "" and row["handle"] == "nasa" and row["followers"] == 1000 and "refreshed_at" in row
    assert f"to {target}: 1 rows" in err


def test_setup_schedules_installs_every_schedule_once_however_often_it_runs():
    Schedule.objects.all().delete()  # migrations installed them already: start from none
    out, err = run("setup_schedules")
    names = [line.split()[1] for line in out.splitlines()]
    assert {"beat.housekeeping.prune", "instagram.weekly_refresh.creators", "instagram.weekly_refresh.others",
            "youtube.weekly_refresh"} <= set(names)
    assert f"{len(names)} schedules: {len(names)} created, 0 updated" in err
    Schedule.objects.filter(name="instagram.weekly_refresh.creators").update(func="stale.func")
    out, err = run("setup_schedules")
    assert f"{len(names)} schedules: 0 created, {len(names)} updated" in err
    assert Schedule.objects.count() == len(names)
    assert Schedule.objects.get(name="instagram.weekly_refresh.creators").func == \
        "instagram.schedules.refresh_stale_creators"

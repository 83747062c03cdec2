"""YouTube in the bulk commands and schedules (youtube.platform): refresh_profiles by channel id or
stored handle, export_profiles, and the weekly refresh of the stalest channels, 50 ids a task."""
import csv
import io
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from beat.models import ScrapeRequestLog, Status
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import channel_id, channels_answer
from youtube import schedules
from youtube.models import YoutubeAccount

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def channel(n: int, **fields) -> YoutubeAccount:
    return YoutubeAccount.objects.create(channel_id=channel_id(n), handle=f"chan{n}", title=f"Channel {n}", **fields)


def test_refresh_profiles_takes_channel_ids_and_handles_of_stored_channels(tmp_path):
    channel(1)
    path = tmp_path / "channels.txt"
    path.write_text(f"{NASA}\n@Chan1\n@nobody\n")
    _out, err = run("refresh_profiles", "youtube", str(path))
    asked = sorted(t.params["channel_ids"][0] for t in ScrapeRequestLog.objects.all())
    assert asked == sorted([NASA, channel_id(1)])
    assert {t.flow for t in ScrapeRequestLog.objects.all()} == {"refresh_yt_profiles"}
    assert "3 profiles: 2 queued, 1 refused" in err
    assert "'@nobody' is neither a channel id" in err


def test_refresh_profiles_now_refreshes_the_channel_against_the_upstream(tmp_path, upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    path = tmp_path / "one.txt"
    path.write_text(f"{NASA}\n")
    _out, err = run("refresh_profiles", "youtube", str(path), "--now")
    assert ScrapeRequestLog.objects.get().status == Status.COMPLETE
    assert YoutubeAccount.objects.get(channel_id=NASA).subscribers > 0
    assert "1 profiles: 1 complete" in err and upstream.calls("GET", "/channels")


def test_export_profiles_writes_a_row_per_channel():
    channel(1, subscribers=1200)
    channel(2)
    out, err = run("export_profiles", "youtube", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["channel_id"], r["handle"], r["subscribers"]) for r in rows] == [
        (channel_id(1), "chan1", "1200"), (channel_id(2), "chan2", "")]
    assert "Exported youtube profiles to stdout: 2 rows" in err


def test_the_weekly_refresh_queues_the_stalest_channels_fifty_ids_a_task_and_marks_them():
    now = timezone.now()
    stale = [channel(n, refreshed_at=now - timedelta(days=8 + n)) for n in range(120)]
    channel(500, refreshed_at=now - timedelta(days=2))  # fresh enough
    channel(501, refreshed_at=None, state="not_found")  # an answer: left alone
    never = channel(502, refreshed_at=None)
    assert schedules.refresh_stale_channels() == 121
    tasks = list(ScrapeRequestLog.objects.order_by("id"))
    assert [len(t.params["channel_ids"]) for t in tasks] == [50, 50, 21]
    order = [cid for t in tasks for cid in t.params["channel_ids"]]
    assert order == [never.channel_id] + [c.channel_id for c in reversed(stale)]  # stalest first
    assert {(t.flow, t.priority) for t in tasks} == {("refresh_yt_profiles", 1)}
    assert all(timedelta(minutes=59) < t.expires_at - now <= timedelta(hours=1, seconds=5) for t in tasks)
    assert YoutubeAccount.objects.filter(refreshed_at__gte=now).count() == 121
    assert schedules.refresh_stale_channels() == 0  # marked: not picked again next time


def test_the_weekly_refresh_takes_at_most_a_thousand_channels(monkeypatch):
    monkeypatch.setattr("youtube.schedules.BATCH", 3)
    for n in range(5):
        channel(n)
    assert schedules.refresh_stale_channels() == 3 and schedules.refresh_stale_channels() == 2


def test_setup_schedules_installs_the_youtube_weekly_refresh():
    Schedule.objects.filter(name="youtube.weekly_refresh").delete()
    run("setup_schedules")
    installed = Schedule.objects.get(name="youtube.weekly_refresh")
    assert (installed.func, installed.schedule_type) == ("youtube.schedules.refresh_stale_channels", Schedule.WEEKLY)

"""Monthly and daily channel stats from seeded snapshots, checked against hand-worked figures."""
from datetime import datetime, timezone

import pytest

from beat.models import Status
from tests.youtube.conftest import NASA
from tests.youtube.kit import channel_id
from tests.youtube.reports.kit import read_csv, run_report
from youtube.models import YoutubeProfileLog

pytestmark = pytest.mark.django_db
OTHER = channel_id(2)


def snap(channel, when: str, **metrics):
    YoutubeProfileLog.objects.create(channel_id=channel, timestamp=datetime.fromisoformat(when).replace(
        tzinfo=timezone.utc), metrics=metrics, parser_version="t")


def test_monthly_changes_are_against_the_previous_months_last_snapshot_only():
    snap(NASA, "2024-12-31T10:00", views=1, subscribers=1, uploads=1)  # two months before: never a baseline
    snap(NASA, "2025-01-20T10:00", views=1000, subscribers=100, uploads=10)
    snap(NASA, "2025-01-31T10:00", views=1500, subscribers=120, uploads=12)  # January's last: February's base
    snap(NASA, "2025-02-15T10:00", views=2100, subscribers=150, uploads=13)
    snap(NASA, "2025-04-30T10:00", views=4000, subscribers=200, uploads=20)  # March has none: no change
    snap(NASA, "2025-05-10T10:00", views=4600, uploads=21)  # subscribers hidden
    snap(NASA, "2025-06-01T00:00", views=9999, subscribers=999, uploads=99)  # after end_date
    snap(OTHER, "2025-02-10T10:00", views=50, subscribers=5, uploads=1)
    YoutubeProfileLog.objects.create(channel_id=OTHER, metrics={"country": {"US": 10}}, parser_version="t",
                                     timestamp=datetime(2025, 3, 1, tzinfo=timezone.utc))  # an audience snapshot
    task = run_report("fetch_channel_monthly_stats_csv", {"channel_ids": [NASA, OTHER], "start_date": "2025-02-01",
                                                          "end_date": "2025-05-31"})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "channel_monthly_stats_csv")
    assert header == ["id", "month", "lifetime_views", "lifetime_subscribers", "lifetime_uploads", "netviewchange",
                      "subchange", "uploadchange"]
    table = [tuple(row.values()) for row in rows]
    assert table == [
        (OTHER, "2025-02", "50", "5", "1", "", "", ""),
        (NASA, "2025-02", "2100", "150", "13", "600", "30", "1"),
        (NASA, "2025-04", "4000", "200", "20", "", "", ""),
        (NASA, "2025-05", "4600", "", "21", "600", "", "1"),
    ]


def test_daily_changes_are_against_the_day_befores_last_snapshot_only():
    snap(NASA, "2025-03-01T09:00", views=100, subscribers=10, uploads=1)
    snap(NASA, "2025-03-01T21:00", views=130, subscribers=11, uploads=1)  # the 1st's last: the 2nd's base
    snap(NASA, "2025-03-02T08:00", views=170, subscribers=11, uploads=2)
    snap(NASA, "2025-03-04T12:00", views=260, subscribers=12, uploads=2)  # the 3rd has none: no change
    snap(NASA, "2025-03-05T00:01", views=280, subscribers=12, uploads=2)
    snap(NASA, "2025-03-05T23:59", views=300, subscribers=12, uploads=3)
    snap(NASA, "2025-03-06T01:00", views=310, subscribers=12, uploads=3)  # after end_date
    task = run_report("fetch_channel_daily_stats_csv", {"channel_ids": NASA, "start_date": "2025-03-02",
                                                        "end_date": "2025-03-05"})
    assert task.status == Status.COMPLETE, task.error
    header, rows = read_csv(task, "channel_daily_stats_csv")
    assert header[:2] == ["id", "created_at"]
    assert [tuple(row.values()) for row in rows] == [
        (NASA, "2025-03-02", "170", "11", "2", "40", "0", "1"),
        (NASA, "2025-03-04", "260", "12", "2", "", "", ""),
        (NASA, "2025-03-05", "300", "12", "3", "40", "0", "1"),
    ]

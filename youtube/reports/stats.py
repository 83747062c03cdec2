"""Monthly and daily channel figures from the channel snapshots (youtube_profile_log).

For each channel and each month (day) from start_date to end_date that has a snapshot, the row holds
the lifetime figures of the period's LAST snapshot, and the change since the last snapshot of the
period just before (the month before / the day before). A change is only ever taken against that
previous period, at most a month (a day) earlier: with no snapshot there, the change is empty, never
a difference over a longer gap passed off as one month's (one day's).

Snapshots are read as a stream ordered by channel and time, so memory holds one channel's periods.
"""
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone

from youtube.models import YoutubeProfileLog
from youtube.reports.rows import CHUNK

MONTHLY_COLUMNS = ("id", "month", "lifetime_views", "lifetime_subscribers", "lifetime_uploads", "netviewchange",
                   "subchange", "uploadchange")
DAILY_COLUMNS = ("id", "created_at", "lifetime_views", "lifetime_subscribers", "lifetime_uploads",
                 "netviewchange", "subchange", "uploadchange")
FIGURES = (("views", "lifetime_views", "netviewchange"), ("subscribers", "lifetime_subscribers", "subchange"),
           ("uploads", "lifetime_uploads", "uploadchange"))


class Monthly:
    column = "month"

    @staticmethod
    def period(moment: datetime) -> date:
        return date(moment.year, moment.month, 1)

    @staticmethod
    def previous(period: date) -> date:
        return date(period.year - 1, 12, 1) if period.month == 1 else date(period.year, period.month - 1, 1)

    @staticmethod
    def label(period: date) -> str:
        return period.strftime("%Y-%m")


class Daily:
    column = "created_at"

    @staticmethod
    def period(moment: datetime) -> date:
        return moment.date()

    @staticmethod
    def previous(period: date) -> date:
        return period - timedelta(days=1)

    @staticmethod
    def label(period: date) -> str:
        return period.isoformat()


def snapshots(channel_ids: list[str], since: date, until: date) -> Iterator[tuple[str, datetime, dict]]:
    """(channel id, timestamp, metrics) of the channel snapshots with figures, from `since` to `until`
    (whole days, UTC), ordered by channel and time."""
    query = (YoutubeProfileLog.objects.filter(
        channel_id__in=channel_ids, timestamp__gte=datetime.combine(since, time.min, tzinfo=timezone.utc),
        timestamp__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=timezone.utc),
        metrics__has_any_keys=[name for name, _, _ in FIGURES])
        .order_by("channel_id", "timestamp", "id").values_list("channel_id", "timestamp", "metrics"))
    return query.iterator(chunk_size=CHUNK)


def stats_rows(rows: Iterable[tuple[str, datetime, dict]], kind, start: date, end: date) -> Iterator[dict]:
    """The report rows of snapshots ordered by channel and time (see the module's rule)."""
    channel, last = None, {}
    for channel_id, moment, metrics in rows:
        if channel_id != channel:
            yield from _channel_rows(channel, last, kind, start, end)
            channel, last = channel_id, {}
        last[kind.period(moment.astimezone(timezone.utc))] = metrics  # later snapshots replace earlier
    yield from _channel_rows(channel, last, kind, start, end)


def _channel_rows(channel_id, last: dict, kind, start: date, end: date) -> Iterator[dict]:
    first, final = kind.period(datetime.combine(start, time.min)), kind.period(datetime.combine(end, time.min))
    for period in sorted(last):
        if not first <= period <= final:
            continue
        now, before = last[period], last.get(kind.previous(period))
        row = {"id": channel_id, kind.column: kind.label(period)}
        for name, lifetime, change in FIGURES:
            row[lifetime] = now.get(name)
            then = before.get(name) if before else None
            row[change] = now[name] - then if now.get(name) is not None and then is not None else None
        yield row


def report(channel_ids: list[str], kind, start: date, end: date) -> Iterator[dict]:
    """From the snapshots of the period before start_date on, so the first period has its change."""
    since = kind.previous(kind.period(datetime.combine(start, time.min)))
    return stats_rows(snapshots(channel_ids, since, end), kind, start, end)

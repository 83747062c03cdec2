"""Memory of the YouTube CSV reports on 500 channels x 50 videos (25,000 videos, 36,000 snapshots).

Prints, for the write phase of three reports (stored rows -> CSV file in storage; the refresh before
it is the YouTube flows' and is benched by bench/ingest.py), the rows written, seconds, the file's size
and the peak of Python allocations (tracemalloc) while writing; then the same channel videos held as
one list, for contrast. The process's peak RSS is printed last.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/reports.py
"""
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from bench.benchdb import ensure_database, use_own_database  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench_reports")
CHANNELS = int(os.environ.get("BENCH_REPORT_CHANNELS", "500"))
VIDEOS = int(os.environ.get("BENCH_REPORT_VIDEOS", "50"))
DAYS = 72
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def seed():
    from youtube.models import YoutubeAccount, YoutubePost, YoutubeProfileLog

    ids = [f"UC{n:022d}" for n in range(CHANNELS)]
    if YoutubePost.objects.count() == CHANNELS * VIDEOS:
        return ids
    YoutubePost.objects.all().delete()
    YoutubeAccount.objects.all().delete()
    YoutubeProfileLog.objects.all().delete()
    YoutubeAccount.objects.bulk_create([YoutubeAccount(channel_id=cid, title=f"Channel {n}", subscribers=1000 + n,
                                                       views=10**6, uploads=VIDEOS) for n, cid in enumerate(ids)])
    text = "A description of a video about space, rockets and the crew's training. " * 20
    for n, cid in enumerate(ids):
        YoutubePost.objects.bulk_create([YoutubePost(
            shortcode=f"{n:05d}v{v:05d}", channel_id=cid, channel_title=f"Channel {n}", title=f"Video {v} of {n}",
            description=text, tags=["space", "nasa", "moon"], published_at=START + timedelta(hours=v), duration=600,
            views=1000 * v, likes=10 * v, comments=v) for v in range(VIDEOS)])
        YoutubeProfileLog.objects.bulk_create([YoutubeProfileLog(
            channel_id=cid, timestamp=START + timedelta(days=d), parser_version="bench",
            metrics={"views": 10**6 + d * 1000, "subscribers": 1000 + d, "uploads": VIDEOS}) for d in range(DAYS)])
    return ids


def measured(label, write):
    tracemalloc.start()
    started = time.perf_counter()
    name, rows = write()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    from django.core.files.storage import default_storage

    size = default_storage.size(name) if name else 0
    print(f"  {label:<44} {rows:>7} rows  {seconds:6.2f} s  {size / 2**20:6.1f} MB file  "
          f"peak {peak / 2**20:6.1f} MB")


def main():
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="beat-bench-reports-")
    from beat.reports.csvfile import write_csv
    from beat.reports.storage import report_name
    from youtube.reports import rows, stats

    ids = seed()
    video_ids = [f"{n:05d}v{v:05d}" for n in range(CHANNELS) for v in range(VIDEOS)]
    since, until = START, START + timedelta(days=365)
    print(f"{CHANNELS} channels x {VIDEOS} videos, {CHANNELS * DAYS} snapshots (write phase, streamed)")
    measured("channel videos (by channel and dates)", lambda: write_csv(
        report_name("bench", 1, "channel_videos.csv"), rows.VIDEO_COLUMNS, rows.channel_videos(ids, since, until)))
    measured("video details (25,000 ids)", lambda: write_csv(
        report_name("bench", 1, "video_details.csv"), rows.VIDEO_COLUMNS, rows.videos(video_ids)))
    measured("daily stats (72 days)", lambda: write_csv(
        report_name("bench", 1, "daily.csv"), stats.DAILY_COLUMNS,
        stats.report(ids, stats.Daily, date(2025, 1, 1), date(2025, 3, 31))))
    measured("contrast: channel videos held as one list", lambda: (None, len(list(
        rows.channel_videos(ids, since, until)))))
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

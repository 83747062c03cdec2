"""The YouTube half of bench/ingest.py: SQL queries to store a channel with 50 and with 500 videos, and
the upstream calls and quota units of two refreshes against a local fake Data API (127.0.0.1):
1,000 stored channels (aim: 20 channels.list calls of 50 ids, 20 units) and a channel whose uploads
have nothing new (aim: at most 2 calls). youtube_figures() runs inside bench/ingest.py's database.
"""
import copy
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SIZES = (50, 500)
CHANNELS = 1000
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def channel_items(ids) -> dict:
    item = fixture("youtube_data/channels_list.json")["items"][0]
    items = []
    for cid in ids:
        entry = copy.deepcopy(item)
        entry["id"] = cid
        items.append(entry)
    return {"kind": "youtube#channelListResponse", "items": items}


def video_items(ids, channel_id: str) -> dict:
    item = fixture("youtube_data/videos_list.json")["items"][0]
    items = []
    for n, vid in enumerate(ids):
        entry = copy.deepcopy(item)
        entry["id"], entry["snippet"]["channelId"] = vid, channel_id
        entry["snippet"]["title"] = f"Artemis II update {n}: crew training, launch pad and orbit"
        items.append(entry)
    return {"kind": "youtube#videoListResponse", "items": items}


def store_channel(channel_id: str, n: int):
    from youtube.parsers import data_api
    from youtube.services import channels_upsert, posts_upsert

    channel = data_api.parse_channels(channel_items([channel_id]))
    videos = data_api.parse_videos(video_items([f"{channel_id[-6:]}{i:05d}" for i in range(n)], channel_id))
    channels_upsert(records=channel, source="bench", task_id=1)
    posts_upsert(records=videos, source="bench", task_id=1, playlist_id="UU" + channel_id[2:])


def storage(n: int, run: int, again: bool) -> tuple[tuple[int, int], float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    channel_id = f"UC{n:05d}{run:017d}"
    if again:
        store_channel(channel_id, n)
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        store_channel(channel_id, n)
        elapsed = (time.perf_counter() - began) * 1000
    sql = [q["sql"] for q in captured.captured_queries]
    return (len(sql), sum(s.startswith(TRANSACTION) for s in sql)), elapsed


def calls_since(mark: int) -> tuple[int, int]:
    """(upstream calls, quota units) recorded after UpstreamCall id `mark`."""
    from django.db.models import Count, Sum

    from beat.models_upstream import UpstreamCall

    got = UpstreamCall.objects.filter(id__gt=mark).aggregate(calls=Count("id"), units=Sum("cost"))
    return got["calls"], got["units"] or 0


def last_call_id() -> int:
    from beat.models_upstream import UpstreamCall

    return UpstreamCall.objects.order_by("-id").values_list("id", flat=True).first() or 0


def refresh_figures(fake) -> dict:
    from django.conf import settings

    from beat.flows import FlowContext
    from credentials.models import Credential
    from credentials.services import credential_upsert
    from youtube.flows.posts import refresh_yt_posts_by_playlist_id
    from youtube.flows.profiles import refresh_channels
    from youtube.parsers import data_api
    from youtube.services import channels_upsert

    settings.BEAT_YOUTUBE_BASE_URL = fake.url
    Credential.objects.filter(source="ytapitoken").delete()  # sealed with an earlier run's throwaway key
    credential_upsert(source="ytapitoken", credentials={"key": "bench-key-not-real-0123456789"})
    ids = [f"UCbench{n:017d}" for n in range(CHANNELS)]
    channels_upsert(records=data_api.parse_channels(channel_items(ids)), source="bench")
    for start in range(0, CHANNELS, 50):
        batch = ids[start:start + 50]
        fake.route("GET", "/channels", query={"id": ",".join(batch)}, body=channel_items(batch))
    ctx = FlowContext(task_id=None, flow="refresh_yt_profiles")
    mark = last_call_id()
    result = refresh_channels(ctx, ids)
    figures = {"channels": calls_since(mark), "channels_updated": result.updated}

    nasa = "UCLA_DiR1FfKNvjuUpBHmylQ"
    page = fixture("youtube_data/playlist_items_page1.json")
    page_ids = [item["contentDetails"]["videoId"] for item in page["items"]]
    fake.route("GET", "/playlistItems", body=page)
    fake.route("GET", "/playlistItems", query={"pageToken": page["nextPageToken"]},
               fixture="youtube_data/playlist_items_page2_last.json")
    fake.route("GET", "/videos", query={"id": ",".join(page_ids)}, body=video_items(page_ids, nasa))
    fake.route("GET", "/videos", query={"id": "Ii7Jj8Kk9Ll"}, body=video_items(["Ii7Jj8Kk9Ll"], nasa))
    uploads = FlowContext(task_id=None, flow="refresh_yt_posts_by_playlist_id")
    mark = last_call_id()
    refresh_yt_posts_by_playlist_id(uploads, channel_id=nasa)  # first time: every page
    figures["uploads_first"] = calls_since(mark)
    mark = last_call_id()
    again = refresh_yt_posts_by_playlist_id(uploads, channel_id=nasa)
    figures["uploads_nothing_new"] = calls_since(mark)
    figures["uploads_stop"] = again.stop_reason
    return figures


def youtube_figures(runs: int) -> dict:
    from tests.fakeupstream import FakeUpstream
    from youtube.models import YoutubeAccount, YoutubePost, YoutubePostLog, YoutubeProfileLog

    from beat.models_upstream import UpstreamCall

    for model in (YoutubePostLog, YoutubeProfileLog, YoutubePost, YoutubeAccount, UpstreamCall):
        model.objects.all().delete()
    print(f"ingest bench (YouTube storage): PostgreSQL, {runs} runs per line, channel + videos through "
          "youtube.services")
    counts = {}
    for again in (False, True):
        for n in SIZES:
            measured = [storage(n, run + (1000 if again else 0), again) for run in range(runs)]
            queries = {q for q, _ in measured}
            if len(queries) != 1:
                raise SystemExit(f"query count moved between runs: {sorted(queries)}")
            (counted,) = queries
            counts[(n, again)] = counted
            times = [t for _, t in measured]
            what = "over stored rows" if again else "into new rows"
            print(f"store channel + {n:>3} videos {what:<16}: {counted[0]} SQL queries "
                  f"({counted[0] - counted[1]} + {counted[1]} BEGIN/COMMIT), "
                  f"median {statistics.median(times):7.1f} ms, {n / statistics.median(times) * 1000:6.0f} videos/s")
    for again in (False, True):
        few, many = counts[(SIZES[0], again)], counts[(SIZES[1], again)]
        print(f"queries {SIZES[0]} vs {SIZES[1]} videos ({'update' if again else 'insert'}): {few[0]} vs {many[0]} "
              f"-> {'equal' if few == many else 'NOT EQUAL'}")
    with FakeUpstream() as fake:
        figures = refresh_figures(fake)
    calls, units = figures["channels"]
    print(f"refresh {CHANNELS} stored channels (refresh_yt_profiles): {calls} upstream calls "
          f"({len(fake.calls('GET', '/channels'))} channels.list), {units} quota units, "
          f"{figures['channels_updated']} channels updated (aim: 20 calls of 50 ids)")
    print(f"refresh a channel's uploads the first time (2 pages): {figures['uploads_first'][0]} calls, "
          f"{figures['uploads_first'][1]} quota units")
    print(f"refresh a channel whose uploads have nothing new: {figures['uploads_nothing_new'][0]} calls, "
          f"{figures['uploads_nothing_new'][1]} quota units, stopped: {figures['uploads_stop']} (aim: at most 2)")
    figures["equal"] = all(counts[(SIZES[0], a)] == counts[(SIZES[1], a)] for a in (False, True))
    return figures

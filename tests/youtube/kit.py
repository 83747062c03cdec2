"""Shared by the YouTube flow tests: flows run through the real queue, fixtures reshaped per case."""
import copy
import json

from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit
from tests.fakeupstream import FIXTURES


def run_flow(flow: str, params: dict) -> ScrapeRequestLog:
    """Submit as a client would, claim as a worker would, run, and return the task as stored."""
    submitted, _ = submit(flow, params)
    task = claim.claim_next(queue="youtube", worker="t")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def channel_id(n: int) -> str:
    return f"UC{n:022d}"


def channels_answer(ids) -> dict:
    """channels.list answering for these ids: NASA's item under each id."""
    item = fixture("youtube_data/channels_list.json")["items"][0]
    items = []
    for cid in ids:
        entry = copy.deepcopy(item)
        entry["id"] = cid
        entry["contentDetails"]["relatedPlaylists"]["uploads"] = "UU" + cid[2:]
        items.append(entry)
    return {"kind": "youtube#channelListResponse", "items": items}


def videos_answer(ids) -> dict:
    item = fixture("youtube_data/videos_list.json")["items"][0]
    items = []
    for vid in ids:
        entry = copy.deepcopy(item)
        entry["id"] = vid
        items.append(entry)
    return {"kind": "youtube#videoListResponse", "items": items}


def video_id(n: int) -> str:
    return f"v{n:010d}"

"""The docs' minimal platform runs as the docs say: through the queue, against a fake upstream."""
import pytest

from beat.models import Status
from beat.queue import claim, runner, services
from credentials.services import credential_upsert
from tests.example import platform  # noqa: F401 (registers test_example_uploads)

pytestmark = pytest.mark.django_db
PLAYLIST = "UUxyz"


def video(video_id: str) -> dict:
    return {"snippet": {"title": f"video {video_id}", "resourceId": {"videoId": video_id}}}


@pytest.fixture
def youtube(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_YOUTUBE_BASE_URL")
    credential_upsert(source="ytapitoken", credentials={"key": "AIza-example-key-for-tests-0123456789"})
    return fake_upstream


def run(params: dict):
    submitted, _ = services.submit("test_example_uploads", params)
    task = claim.claim_next(queue="default", worker="example")
    assert task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task


def test_the_example_flow_stops_at_max_posts_and_resumes_from_its_signed_cursor(youtube):
    youtube.route("GET", "/playlistItems", body={"items": [video("a1"), video("a2")], "nextPageToken": "T2"})
    youtube.route("GET", "/playlistItems", query={"pageToken": "T2"}, body={"items": [video("a3")]})
    first = run({"playlist_id": PLAYLIST, "max_posts": 2})
    assert (first.status, first.data["stop_reason"], first.data["changed"]) == (
        Status.COMPLETE, "limit", {"video_ids": ["a1", "a2"]})
    resumed = run({"playlist_id": PLAYLIST, "cursor": first.data["next_cursor"]})
    assert (resumed.status, resumed.data["changed"], resumed.data["next_cursor"]) == (
        Status.COMPLETE, {"video_ids": ["a3"]}, None)
    assert youtube.calls()[-1].query["pageToken"] == "T2"


def test_a_later_page_lacking_a_field_ends_the_example_flow_partial(youtube):
    youtube.route("GET", "/playlistItems", body={"items": [video("a1")], "nextPageToken": "T2"})
    youtube.route("GET", "/playlistItems", query={"pageToken": "T2"}, body={"items": [{"snippet": {}}]})
    task = run({"playlist_id": PLAYLIST})
    assert (task.status, task.data["stop_reason"], task.data["changed"]) == (
        Status.PARTIAL, "upstream_error", {"video_ids": ["a1"]})
    assert task.data["error"] == "ytapitoken: the answer has no 'resourceId'"

"""refresh_yt_post_type: the duration where it decides, the /shorts/ page where it cannot."""
import pytest

from beat.models import Status
from beat.models_upstream import UpstreamCall
from tests.youtube.conftest import credential
from tests.youtube.kit import run_flow, videos_answer
from youtube.models import YoutubePost

pytestmark = pytest.mark.django_db
VIDEO = "Aa1Bb2Cc3Dd"


def two_minutes(upstream):
    answer = videos_answer([VIDEO])
    answer["items"][0]["contentDetails"]["duration"] = "PT2M"
    upstream.route("GET", "/videos", body=answer)


def test_a_long_video_is_a_video_by_its_duration_alone(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/videos", body=videos_answer([VIDEO]))  # PT12M34S
    task = run_flow("refresh_yt_post_type", {"post_id": VIDEO})
    assert (task.status, task.data["post_type"], task.data["decided_by"]) == (Status.COMPLETE, "video", "duration")
    assert YoutubePost.objects.get().post_type == "video"


@pytest.mark.parametrize("status,kind", [(200, "short"), (303, "video")])
def test_in_between_the_shorts_page_decides_when_allowed(upstream, settings, status, kind):
    settings.BEAT_YOUTUBE_SHORTS_CHECK = True
    upstream.point(settings, "BEAT_YOUTUBE_WEB_BASE_URL", prefix="/web")
    credential("ytapitoken")
    two_minutes(upstream)
    headers = {"Location": f"/watch?v={VIDEO}"} if status == 303 else {}
    upstream.route("HEAD", f"/web/shorts/{VIDEO}", status=status, headers=headers, raw=b"")
    task = run_flow("refresh_yt_post_type", {"post_id": VIDEO})
    assert (task.status, task.data["post_type"], task.data["decided_by"]) == (Status.COMPLETE, kind, "shorts_page")
    assert len(upstream.calls("HEAD")) == 1 and not upstream.calls("GET", "/watch")  # the redirect is not followed
    assert UpstreamCall.objects.filter(source="youtube-web", endpoint="/shorts/{id}").count() == 1
    assert YoutubePost.objects.get().post_type == kind


def test_in_between_without_the_check_it_is_undecided(upstream):
    credential("ytapitoken")
    two_minutes(upstream)
    task = run_flow("refresh_yt_post_type", {"post_id": VIDEO})
    assert (task.status, task.data["state"]) == (Status.COMPLETE, "undecided")
    assert YoutubePost.objects.get().post_type is None


def test_a_video_that_does_not_exist_is_an_answer(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/videos", fixture="youtube_data/videos_list_empty.json")
    task = run_flow("refresh_yt_post_type", {"post_id": VIDEO})
    assert (task.status, task.data["state"]) == (Status.COMPLETE, "not_found")

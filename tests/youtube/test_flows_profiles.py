"""refresh_yt_profiles through the real queue against the fake upstream."""
import pytest

from beat.errors import InvalidParams
from beat.models import Status
from beat.models_upstream import UpstreamCall
from beat.queue.services import submit
from credentials.models import Credential
from tests.youtube.conftest import NASA, V31, credential
from tests.youtube.kit import channel_id, channels_answer, run_flow
from youtube.models import YoutubeAccount

pytestmark = pytest.mark.django_db


def test_120_channel_ids_take_3_channels_list_calls_of_at_most_50(upstream):
    credential("ytapitoken")
    ids = [channel_id(n) for n in range(120)]
    for start in (0, 50, 100):
        upstream.route("GET", "/channels", query={"id": ",".join(ids[start:start + 50])},
                       body=channels_answer(ids[start:start + 50]))
    task = run_flow("refresh_yt_profiles", {"channel_ids": ids})
    assert task.status == Status.COMPLETE, task.error
    asked = [call.query["id"].split(",") for call in upstream.calls("GET", "/channels")]
    assert [len(batch) for batch in asked] == [50, 50, 20] and sum(asked, []) == ids
    assert (task.data["created"], task.data["pages"], task.data["quota_units"]) == (120, 3, 3)
    assert task.data["changed"]["channel_ids"] == ids and task.data["source"] == "ytapitoken"
    assert YoutubeAccount.objects.count() == 120
    assert sum(UpstreamCall.objects.values_list("cost", flat=True)) == 3


def test_channels_no_source_knows_are_recorded_not_found(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    gone = channel_id(7)
    task = run_flow("refresh_yt_profiles", {"channel_ids": f"{NASA},{gone}"})
    assert task.status == Status.COMPLETE and task.data["not_found"] == [gone]
    assert dict(YoutubeAccount.objects.values_list("channel_id", "state")) == {NASA: "ok", gone: "not_found"}


def test_an_answer_without_items_means_none_of_them_exist(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", fixture="youtube_data/channels_list_empty.json")
    task = run_flow("refresh_yt_profiles", {"channel_ids": [NASA]})
    assert (task.status, task.data["not_found"], task.data["created"]) == (Status.COMPLETE, [NASA], 0)


def test_an_exhausted_quota_cools_the_key_and_the_mirror_answers(upstream):
    key = credential("ytapitoken")
    credential("yt-v31")
    upstream.route("GET", "/channels", fixture="youtube_data/error_quota_exceeded_403.json")
    upstream.route("GET", f"{V31}/channels", fixture="rapidapi/youtube_v31_channels.json")
    task = run_flow("refresh_yt_profiles", {"channel_ids": [NASA]})
    assert task.status == Status.COMPLETE, task.error
    assert task.data["source"] == "yt-v31" and [t["outcome"] for t in task.data["tried"]] == ["rate_limited",
                                                                                               "answered"]
    key.refresh_from_db()
    assert key.state == "cooling" and key.cooling_until is not None
    assert YoutubeAccount.objects.get().subscribers == 13_100_000


def test_when_every_source_is_out_of_quota_the_task_waits_rather_than_fails(upstream):
    credential("ytapitoken")
    upstream.route("GET", "/channels", fixture="youtube_data/error_quota_exceeded_403.json")
    task = run_flow("refresh_yt_profiles", {"channel_ids": [NASA]})
    assert (task.status, task.attempts) == (Status.PENDING, 0) and task.retry_at is not None
    assert Credential.objects.get().state == "cooling"


def test_bad_channel_ids_are_refused_when_the_task_is_submitted():
    with pytest.raises(InvalidParams):
        submit("refresh_yt_profiles", {"channel_ids": ["not-a-channel"]})


def test_a_quota_spent_after_the_first_batch_ends_partial_with_the_ids_left(upstream):
    credential("ytapitoken")
    ids = [channel_id(n) for n in range(60)]
    upstream.route("GET", "/channels", query={"id": ",".join(ids[:50])}, body=channels_answer(ids[:50]))
    upstream.route("GET", "/channels", query={"id": ",".join(ids[50:])},
                   fixture="youtube_data/error_quota_exceeded_403.json")
    task = run_flow("refresh_yt_profiles", {"channel_ids": ids})
    assert (task.status, task.data["stop_reason"], task.data["created"]) == (Status.PARTIAL, "rate_limited", 50)
    assert task.data["left"] == ids[50:]
    assert YoutubeAccount.objects.count() == 50  # no state was recorded for the ids not asked

"""What an upstream, or a stored credential, may not make Beat do (issue 10, Medium): send made-up
headers, follow a redirect off the upstream's host, read an answer of any size, crash on deep JSON,
or show a client an internal error's text. Real HTTP against the fake upstream, real rows."""
import gzip

import pytest

from beat.errors import BadResponse
from beat.flows.registry import stand_in
from beat.http import call
from beat.models import ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.services import credential_upsert
from tests.fakeupstream import FakeUpstream

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "rapid-secret-KEY-0123456789"
NASA_INFO = "rapidapi/instagram_scraper_api2_v1_info.json"


def run_inline(task):
    claimed = claim.claim_next(queue=task.queue, worker="tests")
    assert claimed is not None and claimed.pk == task.pk
    runner.run(claimed)
    task.refresh_from_db()
    return task


def test_a_stored_rapidapi_credential_sends_only_the_rapidapi_headers(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile": ["rapidapi-jotucker"]}
    credential_upsert(source="rapidapi-jotucker", credentials={
        "X-RapidAPI-Key": KEY, "Host": "internal.example", "X-Forwarded-For": "10.0.0.1",
        "X-Original-URL": "/admin", "Authorization": "Bearer stolen"})
    fake_upstream.route("GET", "/user_info_by_id", body={"status": "fail"})  # whatever it answers
    run_inline(submit("refresh_profile_basic", {"handle": "nasa"})[0])
    [received] = fake_upstream.calls()
    assert received.headers["x-rapidapi-key"] == KEY
    assert received.headers["host"] == fake_upstream.url.removeprefix("http://")
    for smuggled in ("x-forwarded-for", "x-original-url", "authorization"):
        assert smuggled not in received.headers


def test_validating_a_rapidapi_credential_sends_only_the_rapidapi_headers(fake_upstream, settings):
    from credentials.validation import validate_credential

    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    fake_upstream.route("GET", "/user_info_by_id", body={"data": {}})
    row, _ = credential_upsert(source="rapidapi-jotucker",
                               credentials={"X-RapidAPI-Key": KEY, "X-Forwarded-For": "10.0.0.1"})
    validate_credential(row.id)
    [received] = fake_upstream.calls()
    assert received.headers["x-rapidapi-key"] == KEY and "x-forwarded-for" not in received.headers


def test_a_redirect_to_another_host_is_refused_and_that_host_is_never_asked(fake_upstream):
    with FakeUpstream() as internal:
        internal.route("GET", "/internal/admin", body={"secret": "internal"})
        fake_upstream.route("GET", "/moved", status=302, headers={"Location": internal.url + "/internal/admin"})
        with pytest.raises(BadResponse, match="another host") as refused:
            call("GET", fake_upstream.url + "/moved", source="test", headers={"X-RapidAPI-Key": KEY})
        assert internal.requests == []
    assert "internal" not in str(refused.value.details)
    assert UpstreamCall.objects.get().error_code == "bad_response"


def test_a_redirect_on_the_same_host_is_followed_a_few_times_at_most(fake_upstream):
    fake_upstream.route("GET", "/old", status=301, headers={"Location": "/new"})
    fake_upstream.route("GET", "/new", body={"moved": True})
    assert call("GET", fake_upstream.url + "/old", source="test") == {"moved": True}
    fake_upstream.route("GET", "/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(BadResponse, match="redirects"):
        call("GET", fake_upstream.url + "/loop", source="test")
    assert len(fake_upstream.calls("GET", "/loop")) <= 4


def test_an_answer_over_the_byte_cap_is_a_bad_response_never_read_whole(fake_upstream, settings):
    settings.BEAT_HTTP_MAX_RESPONSE_BYTES = 1000
    fake_upstream.route("GET", "/big", raw=b'{"x": "' + b"a" * 5000 + b'"}', headers={"Content-Type": "application/json"})
    with pytest.raises(BadResponse, match="larger than 1000 bytes"):
        call("GET", fake_upstream.url + "/big", source="test")


def test_a_compressed_answer_is_capped_on_what_it_unpacks_to(fake_upstream, settings):
    """A small gzip body (its Content-Length is under the cap) that unpacks past the cap."""
    settings.BEAT_HTTP_MAX_RESPONSE_BYTES = 100_000
    bomb = gzip.compress(b'{"x": "' + b"a" * 5_000_000 + b'"}')
    assert len(bomb) < 100_000
    fake_upstream.route("GET", "/bomb", raw=bomb, headers={"Content-Type": "application/json",
                                                           "Content-Encoding": "gzip"})
    with pytest.raises(BadResponse, match="larger than 100000 bytes"):
        call("GET", fake_upstream.url + "/bomb", source="test")


def test_an_answer_under_the_cap_is_read_as_before(fake_upstream, settings):
    settings.BEAT_HTTP_MAX_RESPONSE_BYTES = 100_000
    fake_upstream.route("GET", "/info", fixture=NASA_INFO)
    assert call("GET", fake_upstream.url + "/info", source="test")["data"]["username"] == "nasa"


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_a_bad_response_not_a_recursion_error(fake_upstream, depth):
    fake_upstream.route("GET", "/deep", raw=b"[" * depth + b"]" * depth, headers={"Content-Type": "application/json"})
    with pytest.raises(BadResponse, match="nested"):
        call("GET", fake_upstream.url + "/deep", source="test")


def test_a_flow_meeting_deep_json_fails_as_a_bad_response_shown_without_the_answer(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"profile": ["rapidapi-jotucker"]}
    credential_upsert(source="rapidapi-jotucker", credentials={"X-RapidAPI-Key": KEY})
    fake_upstream.route("GET", "/user_info_by_id", raw=b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                        headers={"Content-Type": "application/json"})
    task = run_inline(submit("refresh_profile_basic", {"handle": "nasa"})[0])
    assert task.error["code"] == "bad_response", task.error
    assert "Recursion" not in str(task.error)


def test_a_task_whose_flow_crashes_shows_only_the_kind_of_error(db):
    def crash(ctx, **params):
        raise KeyError("/etc/beat/secret-path and an upstream's words")

    with stand_in("beat_echo", crash):
        task = run_inline(submit("beat_echo", {})[0])
    assert (task.status, task.error["code"]) == (Status.PENDING, "internal_error")  # retried later
    assert "secret-path" not in str(task.error) and "KeyError" in task.error["message"]
    assert ScrapeRequestLog.objects.count() == 1

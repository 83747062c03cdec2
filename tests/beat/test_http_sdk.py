"""beat.http.sdk: an SDK's own HTTP stack sends through Beat's recording, classifying transport."""
import pytest

from beat.errors import AuthFailed, BadResponse, RateLimited, UpstreamError
from beat.http.sdk import recording_client
from beat.models_upstream import UpstreamCall

pytestmark = pytest.mark.django_db
SECRET = "sk-test-secret-never-stored-0123456789"


def client():
    return recording_client(source="openai", error_family="openai", secrets={SECRET}, credential_id=7)


def test_a_success_is_returned_and_recorded_by_path_only(fake_upstream):
    fake_upstream.route("POST", "/v1/chat", body={"ok": True})
    with client() as http:
        response = http.post(fake_upstream.url + "/v1/chat?api-version=1", json={},
                             headers={"Authorization": f"Bearer {SECRET}"})
    assert response.json() == {"ok": True}
    call = UpstreamCall.objects.get()
    assert (call.source, call.endpoint, call.status_code, call.ok, call.credential_id) == (
        "openai", "/v1/chat", 200, True, 7)


def test_an_error_answer_becomes_beats_error_by_the_family(fake_upstream):
    fake_upstream.route("POST", "/v1/chat", status=429, headers={"retry-after": "12"},
                        body={"error": {"message": "slow down", "code": "rate_limit_exceeded"}})
    fake_upstream.route("POST", "/v1/other", status=401, body={"error": {"message": f"bad key {SECRET}"}})
    with client() as http:
        with pytest.raises(RateLimited) as limited:
            http.post(fake_upstream.url + "/v1/chat", json={})
        with pytest.raises(AuthFailed) as refused:
            http.post(fake_upstream.url + "/v1/other", json={})
    assert limited.value.retry_after == 12
    assert SECRET not in refused.value.message
    assert list(UpstreamCall.objects.order_by("id").values_list("error_code", flat=True)) == [
        "rate_limited", "auth_failed"]


def test_a_connection_failure_is_a_transient_upstream_error_and_recorded():
    with client() as http:
        with pytest.raises(UpstreamError) as failed:
            http.get("http://127.0.0.1:9/v1/models")
    assert not failed.value.permanent and "connection failed" in failed.value.message
    assert UpstreamCall.objects.get().status_code is None


def test_a_redirect_is_not_followed_and_is_no_success(fake_upstream):
    fake_upstream.route("GET", "/v1/models", status=302, headers={"Location": fake_upstream.url + "/elsewhere"},
                        body={})
    with client() as http:
        with pytest.raises(BadResponse):
            http.get(fake_upstream.url + "/v1/models", headers={"Authorization": f"Bearer {SECRET}"})
    assert [call.path for call in fake_upstream.calls()] == ["/v1/models"]


def test_an_answer_over_the_size_cap_is_a_bad_response(fake_upstream, settings):
    settings.BEAT_HTTP_MAX_RESPONSE_BYTES = 1000
    fake_upstream.route("GET", "/v1/models", body={"data": ["x" * 2000]})
    with client() as http:
        with pytest.raises(BadResponse, match="larger than 1000 bytes"):
            http.get(fake_upstream.url + "/v1/models")
    assert UpstreamCall.objects.get().error_code == "bad_response"


def test_json_nested_past_the_depth_cap_is_a_bad_response(fake_upstream, settings):
    settings.BEAT_HTTP_MAX_JSON_DEPTH = 5
    fake_upstream.route("GET", "/v1/models", raw=b"[[[[[[[[1]]]]]]]]", headers={"Content-Type": "application/json"})
    with client() as http:
        with pytest.raises(BadResponse, match="nested deeper"):
            http.get(fake_upstream.url + "/v1/models")

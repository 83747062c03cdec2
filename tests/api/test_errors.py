import pytest
from django.test import Client

from beat.api.errors import exception_handler
from beat.errors import RateLimited, UpstreamError

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.api.urls_with_handlers")
def test_a_path_outside_the_api_is_a_json_404():
    response = Client().get("/no/such/path")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "details": None}}


@pytest.mark.urls("tests.api.urls_with_handlers")
def test_a_bug_is_a_json_500_that_tells_nothing_inside():
    response = Client(raise_request_exception=False).get("/broken")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "server_error", "message": "Internal server error.",
                                         "details": None}}


def test_a_beat_error_keeps_its_code_and_status():
    response = exception_handler(UpstreamError("instagram said 502"), {})
    assert response.status_code == 502
    assert response.data == {"error": {"code": "upstream_error", "message": "instagram said 502", "details": None}}


def test_a_rate_limited_beat_error_is_429_with_retry_after():
    response = exception_handler(RateLimited("budget spent", retry_after=12.4), {})
    assert (response.status_code, response["Retry-After"]) == (429, "12")

"""The API's not-found and private branches with the real flows behind them (the other API tests use
a stand-in): a real flow ends COMPLETE with the state, and the API answers from it."""
import pytest

from tests.instagram.stand_ins import worker_thread
from tests.instagram.test_flows_kit import credential, fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def running(upstream, settings):
    settings.BEAT_API_REFRESH_WAIT = 15
    credential("rapidapi-arraybobo")
    with worker_thread():
        yield upstream


def test_a_post_upstream_does_not_have_answers_404(api, running):
    running.route("GET", "/ig/post_info/", fixture="rapidapi/arraybobo_post_info.json")  # about another post
    response = api.get("/posts/INSTAGRAM/byshortcode/DGj8VwXsAb1")
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["details"]["state"] == "not_found"


def test_a_private_profile_answers_its_state(api, running):
    body = fixture("rapidapi/arraybobo_info_username.json")
    body["user"]["is_private"] = True
    running.route("GET", "/ig/info_username/", body=body)
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa")
    assert response.status_code == 200, response.content
    assert (response.json()["profile"]["state"], response.json()["profile"]["is_private"]) == ("private", True)


def test_a_handle_no_source_knows_answers_404(api, running):
    running.route("GET", "/ig/info_username/", body={"user": {}})
    response = api.get("/profiles/INSTAGRAM/byhandle/ghost")
    assert response.status_code == 404, response.content
    assert response.json()["error"]["details"]["state"] == "not_found"

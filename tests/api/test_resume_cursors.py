"""A resume cursor is one Beat handed out: a forged one is a 400 at submit, and nothing is stored."""
import pytest
from django.core import signing

from beat.flows.cursor import SALT, sign_cursor
from beat.models import ScrapeRequestLog

pytestmark = pytest.mark.django_db
URL = "/scrape_request_log/flow/fetch_hashtag_posts"


@pytest.fixture
def api(account, client_of):
    return client_of(account)


def submit(api, cursor):
    return api.post(URL, {"params": {"hashtag": "hiking", "max_posts": 10, "cursor": cursor}}, format="json")


def refused(response) -> list:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_params" and set(error) == {"code", "message", "details"}
    assert not ScrapeRequestLog.objects.exists()
    return error["details"]["cursor"]


@pytest.mark.parametrize("cursor", ["graphapi:me/accounts?fields=access_token,name&x=:AFTER",
                                    "rapidapi-jotucker:P2",
                                    signing.dumps(["instagram.hashtag", "hiking", "lama", "P2"], salt="not-beat")])
def test_a_cursor_beat_did_not_sign_is_a_400(api, cursor):
    assert refused(submit(api, cursor)) == ["It is not a cursor Beat handed out."]


def test_a_signed_cursor_naming_a_source_outside_the_hashtag_order_is_a_400(api):
    forged = signing.dumps(["instagram.hashtag", "hiking", "graphapi", "me/accounts"], salt=SALT, compress=True)
    assert refused(submit(api, forged)) == ["Its source graphapi no longer serves this."]


def test_a_cursor_handed_out_for_another_operation_is_a_400(api):
    followers = sign_cursor("instagram.followers", key="25025320", source="rapidapi-jotucker", position="P2")
    assert refused(submit(api, followers)) == ["It was handed out for other work."]


def test_a_cursor_beat_handed_out_is_accepted(api):
    cursor = sign_cursor("instagram.hashtag", key="hiking", source="rapidapi-jotucker", position="P2")
    response = submit(api, cursor)
    assert response.status_code == 201 and response.json()["params"]["cursor"] == cursor

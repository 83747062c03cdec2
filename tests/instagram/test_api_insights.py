"""GET /profiles/INSTAGRAM/byhandle/{handle}/insights and /audienceinsights with the handle's own token."""
import json

import pytest

from beat.models import ScrapeRequestLog
from credentials.models import Credential
from instagram.records import AudienceInsightsRecord
from instagram.services import insights_upsert
from credentials.services import credential_upsert
from tests.accounts.factories import key_client, new_key
from tests.instagram.stand_ins import demographics, profile_record, stored_profile

TOKEN = "EAAG-the-handles-own-secret-token"


@pytest.fixture
def own_token(account, settings):  # noqa: F811
    """The calling account owns nasa's Graph credential: its insights are its own to read."""
    credential_upsert(source="graphapi", handle="nasa", owner=account,
                      credentials={"token": TOKEN, "user_id": "17841400000000000"})


@pytest.fixture
def manager(account):  # noqa: F811
    """A key of the same account allowed to manage tokens."""
    return key_client(new_key(account, can_manage_tokens=True)[1])


def audience(**country):
    return AudienceInsightsRecord(fbid="17841400000000000", follower=demographics(**country),
                                  reached=demographics(US=1), engaged=demographics(FR=2))


@pytest.mark.django_db
def test_stored_fresh_insights_are_answered_without_a_task(api, fake_instagram, own_token):
    stored_profile()
    insights_upsert(profile_id="528817150", handle="nasa", record=audience(IN=70, US=30))
    body = api.get("/profiles/INSTAGRAM/byhandle/nasa/audienceinsights").json()["data"]
    assert body["follower"]["country"] == {"IN": 70, "US": 30}
    assert body["reached"]["country"] == {"US": 1} and body["engaged"]["country"] == {"FR": 2}
    assert ScrapeRequestLog.objects.count() == 0


def test_the_token_is_stored_as_the_handles_credential_and_never_echoed(manager, account, worker):  # noqa: F811
    worker.add(profile_record())
    worker.audiences["nasa"] = audience(IN=70)
    response = manager.get(f"/profiles/INSTAGRAM/byhandle/nasa/audienceinsights?token={TOKEN}&user_id=17841400000000000")
    assert response.status_code == 200
    assert TOKEN not in response.content.decode()
    (credential,) = Credential.objects.all()
    assert (credential.source, credential.handle, credential.account) == ("graphapi", "nasa", account)
    assert credential.secret == {"token": TOKEN, "user_id": "17841400000000000"}
    assert TOKEN not in credential.masked
    assert worker.calls == [("refresh_profile_insights", {"handle": "nasa"})]
    assert response.json()["data"]["follower"]["country"] == {"IN": 70}


def test_insights_answers_the_profile_with_its_audience(api, worker, own_token):
    worker.add(profile_record())
    stored_profile()
    worker.audiences["nasa"] = audience(IN=70)
    body = api.get("/profiles/INSTAGRAM/byhandle/nasa/insights").json()
    assert body["profile"]["followers"] == 1000
    # stored with the flat keys of rows written before gender_age was nested: answered nested all the same
    assert body["insights"]["follower"]["gender_age"] == {"female": {"25-34": 40}, "male": {"25-34": 60}}


def test_insights_nobody_can_read_answer_404(api, worker, own_token):
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa/audienceinsights")
    assert response.status_code == 404


@pytest.mark.django_db
def test_insights_async_answers_202(api, fake_instagram, own_token):
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa/insights?async=1")
    assert response.status_code == 202
    assert response.json()["flow"] == "refresh_profile_insights"
    assert TOKEN not in json.dumps(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"token={TOKEN}", "user_id=178414", f"token={TOKEN}&user_id=abc"])
def test_a_token_needs_a_numeric_user_id_and_is_not_echoed_in_the_error(api, query):
    response = api.get(f"/profiles/INSTAGRAM/byhandle/nasa/audienceinsights?{query}")
    assert response.status_code == 400
    assert TOKEN not in response.content.decode()
    assert Credential.objects.count() == 0


@pytest.mark.django_db
def test_insights_need_a_key(client):
    assert client.get(f"/profiles/INSTAGRAM/byhandle/nasa/insights?token={TOKEN}&user_id=1").status_code == 401
    assert Credential.objects.count() == 0

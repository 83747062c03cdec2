import json
import time

import pytest
from rest_framework.test import APIClient

from credentials.models import Credential, State
from tests.credentials.conftest import GRAPH_TOKEN
from tests.credentials.test_validation import DEBUG_TOKEN, debug_token

pytestmark = pytest.mark.urls("tests.credentials.urls")
GRAPH_BODY = {"source": "graphapi", "handle": "@NASA",
              "credentials": {"token": GRAPH_TOKEN, "user_id": "17841405822304914"}}


@pytest.fixture
def manager_client(client_of, account):
    return client_of(account, can_manage_tokens=True)


def test_storing_a_token_answers_the_credential_masked_never_the_secret(staff):
    answer = staff.post("/tokens", GRAPH_BODY, format="json")
    assert answer.status_code == 201
    assert GRAPH_TOKEN not in answer.content.decode() and GRAPH_TOKEN[4:-4] not in answer.content.decode()
    assert answer.json()["masked"] == "EAAB…9f2c"
    assert answer.json()["handle"] == "nasa" and answer.json()["state"] == State.ACTIVE
    assert Credential.objects.get(id=answer.json()["id"]).secret == GRAPH_BODY["credentials"]


def test_storing_the_same_account_again_updates_its_credential(staff):
    first = staff.post("/tokens", GRAPH_BODY, format="json").json()
    renewed = {**GRAPH_BODY, "credentials": {**GRAPH_BODY["credentials"], "token": "EAABrenewed0123456789abcd"}}
    again = staff.post("/tokens", renewed, format="json")
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert Credential.objects.get(id=first["id"]).secret["token"] == "EAABrenewed0123456789abcd"


def test_a_key_only_credential_is_keyed_by_a_hash_of_its_key(manager_client):
    body = {"source": "rapidapi-jotucker", "credentials": {"X-RapidAPI-Key": "rk-0123456789abcdef0123"}}
    first = manager_client.post("/tokens", body, format="json")
    second = manager_client.post("/tokens", body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert "rk-0123456789abcdef0123" not in Credential.objects.get(id=first.json()["id"]).idempotency_key


def test_a_credential_can_be_stored_disabled(staff):
    answer = staff.post("/tokens", {**GRAPH_BODY, "enabled": False}, format="json")
    assert answer.json()["state"] == State.DISABLED


@pytest.mark.parametrize("body,field", [
    ({"source": "myspace", "credentials": {"token": "x"}}, "source"),
    ({"source": "graphapi", "credentials": {"user_id": "1"}}, "credentials"),
    ({"source": "graphapi"}, "credentials"),
])
def test_a_bad_token_body_is_a_400_with_the_field(staff, body, field):
    answer = staff.post("/tokens", body, format="json")
    assert answer.status_code == 400
    assert field in json.dumps(answer.json()["error"])


def test_without_a_key_the_token_routes_answer_401(db):
    assert APIClient().post("/tokens", GRAPH_BODY, format="json").status_code == 401
    assert APIClient().get("/token/validate", {"id": 1}).status_code == 401


def test_a_key_without_the_right_to_manage_tokens_gets_403(client_of, account):
    plain = client_of(account)
    assert plain.post("/tokens", GRAPH_BODY, format="json").status_code == 403
    assert plain.get("/token/validate", {"id": 1}).status_code == 403
    assert not Credential.objects.exists()


def test_a_logged_in_user_who_is_not_staff_gets_403(django_user_model):
    user = django_user_model.objects.create_user(username="someone", password="pw-for-tests-only")
    client = APIClient()
    client.force_login(user)
    assert client.post("/tokens", GRAPH_BODY, format="json").status_code == 403


def _valid_answer():
    return debug_token(expires_at=0, data_access_expires_at=int(time.time()) + 86400 * 60)


@pytest.mark.parametrize("query", [
    lambda row: {"id": row.id},
    lambda row: {"handle": "NASA", "platform": "INSTAGRAM"},
    lambda row: {"social_user_id": "17841405822304914", "type": "graphapi"},
    lambda row: {"access_token": GRAPH_TOKEN, "handle": "nasa"},
])
def test_validating_a_stored_token_answers_validity_scopes_expiry_and_state(
        manager_client, account, graph_credential, graph_upstream, query):  # noqa: F811
    Credential.objects.filter(id=graph_credential.id).update(account=account)  # a key sees its own account's
    graph_upstream.route("GET", DEBUG_TOKEN, body=_valid_answer())
    answer = manager_client.get("/token/validate", query(graph_credential))
    assert answer.status_code == 200, answer.content
    result = answer.json()
    assert (result["credential_id"], result["is_valid"], result["state"]) == (graph_credential.id, True, "active")
    assert "instagram_manage_insights" in result["scopes"] and result["expires_at"] == 0
    assert GRAPH_TOKEN not in answer.content.decode()
    assert Credential.objects.get(id=graph_credential.id).last_validated_at is not None


def test_an_unknown_access_token_is_checked_without_being_stored(manager_client, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_expired.json")
    answer = manager_client.get("/token/validate", {"access_token": "EAABnotStored0123456789"})
    assert answer.status_code == 200
    assert (answer.json()["is_valid"], answer.json()["state"]) == (False, None)
    assert graph_upstream.calls("GET", DEBUG_TOKEN)[0].query["input_token"] == "EAABnotStored0123456789"
    assert not Credential.objects.exists()


def test_validating_a_credential_that_is_not_there_is_a_404(manager_client):
    assert manager_client.get("/token/validate", {"id": 424242}).status_code == 404
    assert manager_client.get("/token/validate", {"handle": "nobody"}).status_code == 404


def test_validating_without_naming_a_credential_is_a_400(manager_client):
    assert manager_client.get("/token/validate", {"platform": "instagram"}).status_code == 400


def test_a_token_can_be_validated_from_a_post_body_kept_out_of_the_url(manager_client, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_expired.json")
    answer = manager_client.post("/token/validate", {"access_token": "EAABinTheBody0123456789"}, format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["is_valid"], answer.json()["state"]) == (False, None)
    assert graph_upstream.calls("GET", DEBUG_TOKEN)[0].query["input_token"] == "EAABinTheBody0123456789"
    assert "EAABinTheBody0123456789" not in answer.content.decode()
    assert not Credential.objects.exists()

import pytest
from django.urls import reverse

from credentials.models import Credential, State
from tests.credentials.conftest import GRAPH_TOKEN
from tests.credentials.test_validation import DEBUG_TOKEN, debug_token

CHANGELIST = reverse("admin:credentials_credential_changelist")


def change_url(row):
    return reverse("admin:credentials_credential_change", args=[row.id])


def test_the_list_shows_state_at_a_glance_and_secrets_masked(admin_client, graph_credential):
    page = admin_client.get(CHANGELIST).content.decode()
    assert "EAAB…9f2c" in page and "Active" in page
    assert GRAPH_TOKEN not in page


def test_the_list_filters_by_source_and_state(admin_client, graph_credential, make_credential):
    make_credential()
    page = admin_client.get(CHANGELIST, {"source": "graphapi", "state": "active"}).content.decode()
    assert "1 credential" in page or "1 result" in page


def test_the_edit_form_never_shows_the_stored_secret(admin_client, graph_credential):
    page = admin_client.get(change_url(graph_credential)).content.decode()
    assert GRAPH_TOKEN not in page and GRAPH_TOKEN[4:-4] not in page
    assert 'name="new_secret"' in page


def _form(row, **changes):
    data = {"source": row.source, "handle": row.handle, "state": row.state, "state_reason": row.state_reason,
            "cooling_until_0": "", "cooling_until_1": "", "new_secret": ""}
    data.update(changes)
    return data


def test_saving_without_a_new_secret_keeps_the_stored_one(admin_client, graph_credential):
    answer = admin_client.post(change_url(graph_credential), _form(graph_credential, handle="nasa2"))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    row = Credential.objects.get(id=graph_credential.id)
    assert row.handle == "nasa2" and row.secret["token"] == GRAPH_TOKEN


def test_a_new_secret_typed_in_the_form_replaces_the_stored_one(admin_client, graph_credential):
    new = '{"token": "EAABtypedInTheAdmin0123456789zz", "user_id": "17841405822304914"}'
    assert admin_client.post(change_url(graph_credential), _form(graph_credential, new_secret=new)).status_code == 302
    row = Credential.objects.get(id=graph_credential.id)
    assert row.secret["token"] == "EAABtypedInTheAdmin0123456789zz" and row.masked == "EAAB…89zz"


def test_a_secret_missing_its_fields_is_refused(admin_client, graph_credential):
    answer = admin_client.post(change_url(graph_credential), _form(graph_credential, new_secret='{"user_id": "1"}'))
    assert answer.status_code == 200 and "graphapi credentials need token" in answer.content.decode()


def test_a_credential_can_be_added_in_the_admin(admin_client, db):
    data = {"source": "lama", "handle": "", "state": "active", "state_reason": "", "cooling_until_0": "",
            "cooling_until_1": "", "new_secret": '{"x-access-key": "lama-added-0123456789"}'}
    assert admin_client.post(reverse("admin:credentials_credential_add"), data).status_code == 302
    row = Credential.objects.get(source="lama")
    assert row.secret == {"x-access-key": "lama-added-0123456789"} and row.idempotency_key.startswith("lama:key:")


@pytest.mark.parametrize("action,state", [
    ("disable", State.DISABLED), ("cool_down_one_hour", State.COOLING), ("enable", State.ACTIVE),
])
def test_the_state_actions(admin_client, make_credential, action, state):
    rows = [make_credential(), make_credential()]
    if action == "enable":
        Credential.objects.update(state=State.NEEDS_ATTENTION, state_reason="refused")
    admin_client.post(CHANGELIST, {"action": action, "_selected_action": [r.id for r in rows]})
    assert set(Credential.objects.values_list("state", flat=True)) == {state}


def test_the_validate_action_checks_each_selected_credential(admin_client, graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_expired.json")
    answer = admin_client.post(CHANGELIST, {"action": "validate", "_selected_action": [graph_credential.id]}, follow=True)
    assert "0 valid, 1 need attention" in answer.content.decode()
    assert Credential.objects.get(id=graph_credential.id).state == State.NEEDS_ATTENTION

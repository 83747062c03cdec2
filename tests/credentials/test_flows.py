import json
import time

from django.db import connection

from beat.models import ScrapeRequestLog, Status
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.models import Credential, State
from tests.credentials.test_validation import DEBUG_TOKEN, debug_token

def run(task) -> str:
    """Claim the task as a worker would, then run it."""
    return runner.run(claim.claim_task(task.id, worker="test:cred"))


PUSHED_TOKEN = "EAAB-fake-pushed-by-identity-0123456789-ABCD"


def _valid_answer():
    return debug_token(expires_at=0, data_access_expires_at=int(time.time()) + 86400 * 60)


def test_a_token_pushed_by_the_identity_service_is_stored_for_its_handle_and_validated(db, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, body=_valid_answer())
    task, _ = submit("upsert_credential_from_identity",
                     {"handle": "@NASA", "token": PUSHED_TOKEN, "user_id": "17841405822304914"})
    assert run(task) == Status.COMPLETE
    task.refresh_from_db()
    row = Credential.objects.get(source="graphapi", handle="nasa")
    assert row.secret == {"token": PUSHED_TOKEN, "user_id": "17841405822304914"}
    assert task.data["created"] is True and task.data["is_valid"] is True and task.data["state"] == State.ACTIVE
    assert graph_upstream.calls("GET", DEBUG_TOKEN)[0].query["input_token"] == PUSHED_TOKEN


def test_the_task_row_of_a_pushed_token_never_holds_the_token_in_clear(db, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, body=_valid_answer())
    task, _ = submit("upsert_credential_from_identity",
                     {"handle": "nasa", "token": PUSHED_TOKEN, "user_id": "17841405822304914"})
    run(task)
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM scrape_request_log t WHERE id = %s", [task.id])
        raw = cursor.fetchone()[0]
    assert PUSHED_TOKEN not in raw
    assert json.loads(raw)["params"]["token"].startswith("sealed:")


def test_a_second_push_for_the_same_account_updates_its_credential(db, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, body=_valid_answer())
    for token in ("EAABfirst-0123456789abcdef", "EAABsecond-0123456789abcdef"):
        task, _ = submit("upsert_credential_from_identity", {"handle": "nasa", "token": token, "user_id": "1784"})
        run(task)
    assert Credential.objects.filter(source="graphapi").count() == 1
    assert Credential.objects.get(source="graphapi").secret["token"] == "EAABsecond-0123456789abcdef"


def test_credentials_validate_runs_as_a_task(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_expired.json")
    task, _ = submit("credentials_validate", {"credential_id": graph_credential.id})
    assert run(task) == Status.COMPLETE
    task.refresh_from_db()
    assert (task.data["is_valid"], task.data["state"]) == (False, State.NEEDS_ATTENTION)


def test_validating_a_credential_that_does_not_exist_fails_at_once(db):
    task, _ = submit("credentials_validate", {"credential_id": 999999})
    assert run(task) == Status.FAILED
    assert ScrapeRequestLog.objects.get(id=task.id).error["code"] == "not_found"

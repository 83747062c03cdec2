"""A shopify handle is a shop domain or nothing is stored, fetched or echoed: POST /tokens, GET
/token/validate, the validator of a stored credential, the admin form and the flow's params."""
import pytest
from django.urls import reverse

from beat.models import Status
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.models import Credential
from credentials.services import credential_upsert
from tests.shopify.kit import SHOP, TOKEN, run_flow

pytestmark = pytest.mark.django_db


def evil(fake) -> str:
    host, port = fake.url.removeprefix("http://").split(":")
    return f"{host}:{port}/internal/admin?x="


def assert_refused(answer, field: str):
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert "myshopify.com" in error["message"] and field in (error["details"] or {})
    assert "internal answer" not in answer.content.decode()


def test_a_token_for_a_handle_that_is_not_a_shop_domain_is_refused_unstored(staff, internal_port):  # noqa: F811
    body = {"source": "shopify", "credentials": {"X-Shopify-Access-Token": TOKEN}, "handle": evil(internal_port)}
    assert_refused(staff.post("/tokens", body, format="json"), "handle")
    assert not Credential.objects.exists() and internal_port.calls() == []


def test_a_shop_domain_handle_is_stored_lower_cased(staff):  # noqa: F811
    body = {"source": "shopify", "credentials": {"X-Shopify-Access-Token": TOKEN},
            "handle": "Acme-Outdoor.MyShopify.com"}
    answer = staff.post("/tokens", body, format="json")
    assert answer.status_code == 201 and answer.json()["handle"] == SHOP


def test_checking_an_unsaved_token_for_such_a_handle_fetches_nothing(staff, internal_port):  # noqa: F811
    query = {"platform": "shopify", "access_token": TOKEN, "handle": evil(internal_port)}
    assert_refused(staff.get("/token/validate", query), "shop")
    assert internal_port.calls() == []


def test_a_stored_credential_with_such_a_handle_is_never_called(staff, internal_port):  # noqa: F811
    row = credential_upsert(source="shopify", credentials={"X-Shopify-Access-Token": TOKEN}, handle=SHOP)[0]
    Credential.objects.filter(id=row.id).update(handle=evil(internal_port))  # stored before the rule existed
    assert_refused(staff.get("/token/validate", {"id": row.id}), "shop")
    task = run_flow_validate(row.id)
    assert (task.status, task.error["code"]) == (Status.FAILED, "invalid_params")
    assert internal_port.calls() == []


def run_flow_validate(credential_id):
    submitted, _ = submit("credentials_validate", {"credential_id": credential_id})
    task = claim.claim_next(queue=submitted.queue, worker="t")
    runner.run(task)
    task.refresh_from_db()
    return task


def test_the_admin_form_refuses_such_a_handle(admin_client, internal_port):
    data = {"source": "shopify", "handle": evil(internal_port), "state": "active", "state_reason": "",
            "cooling_until_0": "", "cooling_until_1": "", "new_secret": f'{{"X-Shopify-Access-Token": "{TOKEN}"}}'}
    answer = admin_client.post(reverse("admin:credentials_credential_add"), data)
    assert answer.status_code == 200 and "myshopify.com" in answer.content.decode()
    assert not Credential.objects.exists() and internal_port.calls() == []


def test_the_orders_flow_refuses_such_a_store_when_it_is_submitted(staff, internal_port):  # noqa: F811
    answer = staff.post("/scrape_request_log/flow/refresh_orders_by_store", {"params": {"store": evil(internal_port)}},
                        format="json")
    assert answer.status_code == 400 and "store" in answer.json()["error"]["details"]
    with pytest.raises(Exception, match="Invalid params"):
        run_flow({"store": "127.0.0.1:8000"})
    assert internal_port.calls() == []

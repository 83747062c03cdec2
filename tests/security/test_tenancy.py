"""Issue 10's tenancy attacks, replayed against the real stack: PostgreSQL, Redis, the fake upstream
and, where the attack needs one, real django-q2 workers. Each is refused with the right status, and
neither the rows nor the fake upstream show that anything was written or fetched.

Two tenants: acme owns the Graph credential of @acme.outdoor; mallory is another client account.
"""
import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Account
from beat.models import ScrapeRequestLog, Status
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.models import Credential
from credentials.services import credential_upsert
from instagram.models import InstagramProfileInsights
from tests.accounts.factories import key_client, new_key
from tests.queue.conftest import cluster, markers, redis_conn, wait_for, worker_env  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

HANDLE = "acme.outdoor"
ACME_TOKEN = {"token": "EAAG-acme-own-graph-token-0123456789abcdef", "user_id": "17841400000000001"}
POOLED_TOKEN = {"token": "EAAG-pooled-staff-graph-token-0123456789ab", "user_id": "17841400000000009"}
MALLORY_TOKEN = "EAAG-mallory-replacement-token-0123456789"
DEBUG_TOKEN = "/v21.0/debug_token"


@pytest.fixture
def tenants(settings, fake_upstream):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    acme = Account.objects.create(slug="acme")
    mallory = Account.objects.create(slug="mallory")
    owned, _ = credential_upsert(source="graphapi", handle=HANDLE, credentials=ACME_TOKEN, owner=acme)
    cache.clear()
    return acme, mallory, owned


def client(account, **fields):
    return key_client(new_key(account, **fields)[1])


def graph_tokens_sent(fake) -> list[str]:
    return [c.query.get("access_token") or c.query.get("input_token") for c in fake.calls()]


def run_inline(task):
    """What a worker does with the task: claim it, run it, leave the row."""
    claimed = claim.claim_next(queue=task.queue, worker="tests")
    assert claimed is not None and claimed.pk == task.pk
    runner.run(claimed)
    task.refresh_from_db()
    return task


# --- credential flows: who may submit them ---

@pytest.mark.parametrize("flow, params", [
    ("upsert_credential_from_identity", {"handle": HANDLE, "token": MALLORY_TOKEN, "user_id": ACME_TOKEN["user_id"]}),
    ("credentials_validate", {"credential_id": 1}),
])
def test_an_ordinary_client_key_cannot_submit_a_credential_flow(tenants, fake_upstream, flow, params):
    acme, mallory, owned = tenants
    answer = client(mallory).post(f"/scrape_request_log/flow/{flow}", {"params": params}, format="json")
    assert answer.status_code == 403, answer.content
    assert answer.json()["error"]["code"] == "forbidden"
    assert not ScrapeRequestLog.objects.exists()
    assert Credential.objects.get().secret == ACME_TOKEN
    assert fake_upstream.calls() == []


def test_a_token_managing_key_cannot_replace_another_tenants_credential_through_the_identity_flow(
        tenants, fake_upstream):
    acme, mallory, owned = tenants
    params = {"handle": HANDLE, "token": MALLORY_TOKEN, "user_id": ACME_TOKEN["user_id"]}
    answer = client(mallory, can_manage_tokens=True).post("/scrape_request_log/flow/upsert_credential_from_identity",
                                                          {"params": params}, format="json")
    assert answer.status_code == 201  # a token manager may push identity tokens: its own
    task = run_inline(ScrapeRequestLog.objects.get(pk=answer.json()["id"]))
    assert (task.status, task.error["code"]) == (Status.FAILED, "forbidden")
    row = Credential.objects.get()
    assert (row.secret, row.account, row.handle) == (ACME_TOKEN, acme, HANDLE)
    assert fake_upstream.calls() == []


def test_an_identity_token_pushed_through_a_key_belongs_to_that_keys_account(tenants, fake_upstream):
    acme, mallory, owned = tenants
    fake_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_valid.json")
    params = {"handle": "mallory.shop", "token": MALLORY_TOKEN, "user_id": "17841400000000666"}
    answer = client(mallory, can_manage_tokens=True).post("/scrape_request_log/flow/upsert_credential_from_identity",
                                                          {"params": params}, format="json")
    task = run_inline(ScrapeRequestLog.objects.get(pk=answer.json()["id"]))
    assert task.status == Status.COMPLETE, task.error
    assert MALLORY_TOKEN not in str(ScrapeRequestLog.objects.values().get(pk=task.pk))  # sealed in the row
    row = Credential.objects.get(handle="mallory.shop")
    assert (row.account, row.secret["token"]) == (mallory, MALLORY_TOKEN)


def test_a_token_managing_key_cannot_replace_another_tenants_credential_through_post_tokens(tenants, fake_upstream):
    acme, mallory, owned = tenants
    body = {"source": "graphapi", "handle": HANDLE,
            "credentials": {"token": MALLORY_TOKEN, "user_id": ACME_TOKEN["user_id"]}}
    answer = client(mallory, can_manage_tokens=True).post("/tokens", body, format="json")
    assert answer.status_code == 403
    assert Credential.objects.get().secret == ACME_TOKEN
    # nor claim the handle under another user id
    body["credentials"]["user_id"] = "17841400000000666"
    assert client(mallory, can_manage_tokens=True).post("/tokens", body, format="json").status_code == 403
    assert Credential.objects.count() == 1


def test_a_token_managing_key_sees_no_credential_of_another_tenant_by_walking_ids(tenants, fake_upstream):
    acme, mallory, owned = tenants
    manager = client(mallory, can_manage_tokens=True)
    for query in ({"id": owned.id}, {"handle": HANDLE}, {"social_user_id": ACME_TOKEN["user_id"]}):
        answer = manager.get("/token/validate", query)
        assert answer.status_code == 404, query
        assert HANDLE not in answer.content.decode() and owned.masked not in answer.content.decode()
    assert fake_upstream.calls() == []
    assert Credential.objects.get().last_validated_at is None


@pytest.mark.cluster
def test_credentials_validate_of_another_tenants_credential_fails_on_a_real_worker_without_a_call(
        tenants, fake_upstream, cluster):  # noqa: F811
    acme, mallory, owned = tenants
    fake_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_valid.json")
    answer = client(mallory, can_manage_tokens=True).post(
        "/scrape_request_log/flow/credentials_validate", {"params": {"credential_id": owned.id}}, format="json")
    assert answer.status_code == 201
    cluster(BEAT_GRAPHAPI_BASE_URL=fake_upstream.url + "/v21.0")
    task = wait_for(lambda: ScrapeRequestLog.objects.filter(pk=answer.json()["id"], status=Status.FAILED).first(),
                    message="the validation task to fail")
    assert task.error["code"] == "not_found" and HANDLE not in str(task.error)
    assert fake_upstream.calls() == []
    row = Credential.objects.get()
    assert (row.last_validated_at, row.state) == (None, "active")


# --- insights: the owner's data, the owner's token ---

@pytest.mark.parametrize("route", ["audienceinsights", "insights"])
def test_a_client_key_cannot_store_a_token_for_a_handle(tenants, fake_upstream, route):
    acme, mallory, owned = tenants
    url = f"/profiles/INSTAGRAM/byhandle/{HANDLE}/{route}?token={MALLORY_TOKEN}&user_id=17841400000000666"
    answer = client(mallory).get(url)
    assert answer.status_code == 403
    assert MALLORY_TOKEN not in answer.content.decode()
    assert Credential.objects.get().secret == ACME_TOKEN and not ScrapeRequestLog.objects.exists()
    assert fake_upstream.calls() == []


@pytest.mark.parametrize("how", ["header", "body", "profile route"])
def test_a_token_in_a_header_or_body_or_to_the_profile_route_follows_the_same_rule(tenants, fake_upstream, how):
    acme, mallory, owned = tenants
    api = client(mallory)
    if how == "header":
        answer = api.get(f"/profiles/INSTAGRAM/byhandle/{HANDLE}/audienceinsights", HTTP_X_GRAPH_TOKEN=MALLORY_TOKEN,
                         HTTP_X_GRAPH_USER_ID="17841400000000666")
    elif how == "body":
        answer = api.generic("GET", f"/profiles/INSTAGRAM/byhandle/{HANDLE}/audienceinsights",
                             '{"token": "%s", "user_id": "17841400000000666"}' % MALLORY_TOKEN,
                             content_type="application/json")
    else:
        answer = api.get(f"/profiles/INSTAGRAM/byhandle/{HANDLE}?token={MALLORY_TOKEN}&user_id=17841400000000666")
    assert answer.status_code == 403
    assert Credential.objects.get().secret == ACME_TOKEN and not ScrapeRequestLog.objects.exists()
    assert fake_upstream.calls() == []


def test_a_token_manager_stores_its_own_token_in_a_header_owned_by_its_account(tenants, fake_upstream):
    acme, mallory, owned = tenants
    answer = client(mallory, can_manage_tokens=True).get(
        "/profiles/INSTAGRAM/byhandle/mallory.shop/audienceinsights?async=1", HTTP_X_GRAPH_TOKEN=MALLORY_TOKEN,
        HTTP_X_GRAPH_USER_ID="17841400000000666")
    assert answer.status_code == 202
    row = Credential.objects.get(handle="mallory.shop")
    assert (row.account, row.secret["token"]) == (mallory, MALLORY_TOKEN)


@pytest.mark.parametrize("route", ["audienceinsights?force_refresh=true", "insights", "audienceinsights?async=1"])
def test_another_tenants_audience_is_not_served_and_no_refresh_spends_its_token(tenants, fake_upstream, route):
    acme, mallory, owned = tenants
    InstagramProfileInsights.objects.create(profile_id="528817150", handle=HANDLE, follower={"country": {"IN": 1}},
                                            refreshed_at=timezone.now())
    answer = client(mallory).get(f"/profiles/INSTAGRAM/byhandle/{HANDLE}/{route}")
    assert answer.status_code == 403
    assert "IN" not in answer.content.decode()
    assert not ScrapeRequestLog.objects.exists() and fake_upstream.calls() == []


def test_the_owner_and_staff_are_served_the_stored_audience(tenants, django_user_model):
    from tests.accounts.factories import staff_client

    acme, mallory, owned = tenants
    InstagramProfileInsights.objects.create(profile_id="528817150", handle=HANDLE, follower={"country": {"IN": 1}},
                                            refreshed_at=timezone.now())
    for api in (client(acme), staff_client(django_user_model)):
        answer = api.get(f"/profiles/INSTAGRAM/byhandle/{HANDLE}/audienceinsights")
        assert answer.status_code == 200, answer.content


@pytest.mark.cluster
def test_a_refresh_submitted_by_another_tenant_never_spends_the_owners_token(tenants, fake_upstream, cluster):  # noqa: F811
    acme, mallory, owned = tenants
    credential_upsert(source="graphapi", credentials=POOLED_TOKEN)  # staff's pooled token, no handle
    for node in (ACME_TOKEN["user_id"], POOLED_TOKEN["user_id"]):
        fake_upstream.route("GET", f"/v21.0/{node}", fixture="instagram_graph/business_discovery.json")
        fake_upstream.route("GET", f"/v21.0/{node}/insights",
                            fixture="instagram_graph/user_insights_follower_demographics.json")
    answer = client(mallory).post("/scrape_request_log/flow/refresh_profile_insights",
                                  {"params": {"handle": HANDLE}}, format="json")
    assert answer.status_code == 201
    cluster(BEAT_GRAPHAPI_BASE_URL=fake_upstream.url + "/v21.0")
    task = wait_for(lambda: ScrapeRequestLog.objects.filter(pk=answer.json()["id"], status=Status.FAILED).first(),
                    message="the refresh to fail for want of its own credential")
    assert task.error["code"] == "no_provider", task.error
    assert ACME_TOKEN["token"] not in graph_tokens_sent(fake_upstream)
    assert fake_upstream.calls("GET", f"/v21.0/{ACME_TOKEN['user_id']}/insights") == []
    assert not InstagramProfileInsights.objects.exists()


def test_the_owners_own_refresh_uses_its_token(tenants, fake_upstream):
    acme, mallory, owned = tenants
    node = ACME_TOKEN["user_id"]
    fake_upstream.route("GET", f"/v21.0/{node}", fixture="instagram_graph/business_discovery.json")
    fake_upstream.route("GET", f"/v21.0/{node}/insights",
                        fixture="instagram_graph/user_insights_follower_demographics.json")
    task, _ = submit("refresh_profile_insights", {"handle": HANDLE}, account=acme)
    task = run_inline(task)
    assert task.status == Status.COMPLETE, task.error
    assert set(graph_tokens_sent(fake_upstream)) == {ACME_TOKEN["token"]}


def test_a_task_of_no_account_uses_a_clients_token_only_for_that_handles_own_data(tenants, fake_upstream):
    """Schedules and staff refresh a handle's insights with its owner's token, but never spend a
    client's token on anyone else's profile."""
    from credentials import manager
    from beat.errors import NoProvider

    acme, mallory, owned = tenants
    assert manager.pick("graphapi", handle=HANDLE).id == owned.id
    with pytest.raises(NoProvider):
        manager.pick("graphapi")
    with pytest.raises(NoProvider):
        manager.pick("graphapi", account_id=mallory.pk)
    assert manager.pick("graphapi", account_id=acme.pk).id == owned.id

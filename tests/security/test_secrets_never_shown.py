"""Secrets never come back out: after real flows ran (through the queue, against the fake upstream,
one failing on the credential) and tokens were stored and validated through the API, no API answer,
no admin page and no log line holds any of the tokens."""
import logging

import pytest
from django.test import Client

from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.models import Credential
from credentials.services import credential_upsert
from tests.accounts.factories import AccountFactory, key_client, new_key
from tests.instagram.test_flows_profiles import serve_nasa

pytestmark = pytest.mark.django_db

ARRAYBOBO = "arraybobo-SECRET-5f1e0c9a7b"
JOTUCKER = "jotucker-SECRET-77d2a1e4c3"
GRAPH = "EAAG-SECRET-graph-9c8b7a6f5e4d"
POSTED = "EAAG-SECRET-posted-1a2b3c4d5e"
TOKENS = (ARRAYBOBO, JOTUCKER, GRAPH, POSTED)
HANDLE = "acme.outdoor"
NODE = "17841400000000001"


def run(flow, params, account=None):
    submitted, _ = submit(flow, params, account=account)
    task = claim.claim_next(queue=submitted.queue, worker="tests")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task


@pytest.fixture
def after_flows(upstream, settings, django_user_model, caplog):
    """Credentials stored, flows run (one failing on a refused token), tokens pushed through the API;
    every log line captured from the start."""
    caplog.set_level(logging.DEBUG)
    settings.BEAT_API_REFRESH_WAIT = 0
    acme = AccountFactory(slug="acme")
    credential_upsert(source="rapidapi-arraybobo", credentials={"X-RapidAPI-Key": ARRAYBOBO})
    credential_upsert(source="rapidapi-jotucker", credentials={"X-RapidAPI-Key": JOTUCKER})
    graph, _ = credential_upsert(source="graphapi", handle=HANDLE, credentials={"token": GRAPH, "user_id": NODE},
                                 owner=acme)
    serve_nasa(upstream)
    upstream.route("GET", f"/v21.0/{NODE}", status=400, fixture="instagram_graph/error_token_invalid_190.json")
    upstream.route("GET", f"/v21.0/{NODE}/insights", status=400, fixture="instagram_graph/error_token_invalid_190.json")
    upstream.route("GET", "/v21.0/debug_token", fixture="instagram_graph/debug_token_valid.json")
    tasks = [run("refresh_profile_by_handle", {"handle": "nasa"}, account=acme),
             run("refresh_profile_insights", {"handle": HANDLE}, account=acme),
             run("credentials_validate", {"credential_id": graph.pk})]
    assert tasks[0].status == "COMPLETE", tasks[0].error
    assert upstream.calls("GET", f"/v21.0/{NODE}")  # the refused token was sent, and refused
    sent = {c.headers.get("x-rapidapi-key") for c in upstream.calls()} | {c.query.get("access_token")
                                                                          for c in upstream.calls()}
    assert {ARRAYBOBO, JOTUCKER, GRAPH} <= sent  # every secret was in play
    api = key_client(new_key(acme, can_manage_tokens=True)[1])
    answers = [api.post("/tokens", {"source": "graphapi", "handle": "acme.shop",
                                    "credentials": {"token": POSTED, "user_id": "17841400000000002"}}, format="json"),
               api.get("/token/validate", {"id": graph.pk}),
               api.post("/token/validate", {"access_token": POSTED, "source": "graphapi"}, format="json"),
               api.get("/list_scrape_data/acme"),
               api.get("/profiles/INSTAGRAM/byhandle/nasa")]
    answers += [api.get(f"/scrape_request_log/flow/{task.pk}") for task in tasks]
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    pages = ["/admin/", "/admin/dashboard/", "/admin/credentials/credential/",
             "/admin/beat/scraperequestlog/", "/admin/accounts/accountapikey/"]
    pages += [f"/admin/credentials/credential/{row.pk}/change/" for row in Credential.objects.all()]
    pages += [f"/admin/beat/scraperequestlog/{task.pk}/change/" for task in ScrapeRequestLog.objects.all()]
    shown = []
    for page in pages:
        response = admin.get(page)
        assert response.status_code == 200, page
        shown.append((page, response.content.decode()))
    return {"answers": [(a.wsgi_request.path, a.content.decode()) for a in answers], "admin": shown,
            "rows": [str(ScrapeRequestLog.objects.values("params", "data", "error").get(pk=t.pk)) for t in tasks]}


def leaks(texts) -> list:
    return [(where, token) for where, text in texts for token in TOKENS if token in text]


def test_no_api_answer_holds_a_token(after_flows):
    assert len(after_flows["answers"]) >= 8
    assert leaks(after_flows["answers"]) == []


def test_no_admin_page_holds_a_token(after_flows):
    assert any("…" in text or "masked" in text.lower() for _, text in after_flows["admin"])
    assert leaks(after_flows["admin"]) == []


def test_no_log_line_holds_a_token(after_flows, caplog):
    lines = [(record.name, record.getMessage() + (caplog.handler.format(record) if record.exc_info else ""))
             for record in caplog.get_records("setup")]
    assert len(lines) >= 5  # the upstream calls and the tasks were logged
    assert leaks(lines) == []


def test_no_task_row_holds_a_token(after_flows):
    assert leaks([("row", row) for row in after_flows["rows"]]) == []

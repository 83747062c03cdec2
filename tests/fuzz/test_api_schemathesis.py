"""schemathesis against /api/schema/: every route, as an anonymous caller, an API key and a staff
session, with data that fits the schema and data that does not. No answer is a 5xx (but a flow not
built yet, 501, and a draining heartbeat, 503, which are documented), and every 4xx and 5xx is the
one error shape {"error": {"code", "message", "details"}}.

In process: schemathesis calls Beat's WSGI app (beat.wsgi) on the test database, no server.
"""
import json
import re
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import given
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from beat.queue.services import submit
from tests.accounts.factories import AccountFactory, new_key
from tests.fuzz.conftest import fuzz_settings

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(600)]

# The one answer of 400 or more that is not an error: {"beat": false} while draining, for load balancers.
NOT_AN_ERROR = {("GET", "/heartbeat", 503)}


def problems_with(case, response) -> str | None:
    """What is wrong with this answer, or None. A 5xx is wrong unless the schema documents it for
    this route (501 for a flow not built yet, 502 when the upstream asked to validate a token gave
    no usable answer): a crash is never documented."""
    status = response.status_code
    if (case.method.upper(), case.operation.path, status) in NOT_AN_ERROR:
        return None
    if status >= 500 and str(status) not in case.operation.definition.raw.get("responses", {}):
        return f"{status}: {response.text[:300]}"
    if status >= 400:
        try:
            body = json.loads(response.content)
        except ValueError:
            return f"{status} not JSON: {response.text[:200]!r}"
        if not (isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], dict)
                and set(body["error"]) == {"code", "message", "details"}
                and isinstance(body["error"]["code"], str) and body["error"]["message"]):
            return f"{status} not in the error shape: {response.text[:300]}"
    return None


@pytest.fixture
def seeded(settings, django_user_model, fake_upstream):
    """Accounts, a key, a staff session and a task, so routes reach past their lookups; limits that
    would turn the run into 429s are lifted (the throttles have their own tests). Every upstream is
    the local fake (it answers 404 to all): nothing leaves this machine."""
    fake_upstream.point(settings, *settings.BEAT_BASE_URL_SETTINGS.values(), "BEAT_GOOGLE_OAUTH_BASE_URL")
    settings.BEAT_API_KEY_RATE = "1000000/m"
    settings.BEAT_INVALID_KEY_RATE = "1000000/m"
    settings.BEAT_ACCOUNT_MAX_PENDING = 0
    settings.BEAT_API_REFRESH_WAIT = 0  # a profile route answers 202 with its task at once
    cache.clear()
    acme = AccountFactory(slug="acme")
    AccountFactory(slug="other")
    key = new_key(acme, can_manage_tokens=True)[1]
    submit("beat_echo", {}, account=acme)
    browser = Client()
    browser.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    csrf = _get_new_csrf_string()
    return {
        "anonymous": {"headers": {}, "cookies": {}},
        "api_key": {"headers": {"Authorization": f"Api-Key {key}"}, "cookies": {}},
        "staff": {"headers": {"X-CSRFToken": csrf},
                  "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": csrf}},
    }


@pytest.fixture
def api_schema(wsgi_app, db):
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)


def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_schema_lists_every_route_of_the_api(api_schema):
    """What is fuzzed is what is served: every API route of the URLconf is in the schema."""
    from tests.security.test_every_id_route import api_routes

    listed = {(op.path) for op in operations(api_schema)}
    served = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for route in api_routes()}
    assert served - {"/api/schema/", "/api/docs/"} <= listed, sorted(served - listed)


CALLERS = ("anonymous", "api_key", "staff")


def test_no_route_answers_a_5xx_or_an_error_outside_the_one_shape(api_schema, seeded):
    """Each generated case is sent as each caller in turn: the same examples a run per caller would
    generate (they are derandomized), for a third of the generating, which is most of the time."""
    found: dict[tuple[str, str], str] = {}
    statuses = {caller: Counter() for caller in CALLERS}
    for operation in operations(api_schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.method.upper()} {operation.path} ({mode.value})"

            @fuzz_settings()
            @given(case=operation.as_strategy(generation_mode=mode))
            def probe(case):
                for name in ("Authorization", "Cookie", "X-CSRFToken"):
                    (case.headers or {}).pop(name, None)
                for caller in CALLERS:
                    if (caller, label) in found:
                        continue  # one finding per operation, mode and caller is enough to report
                    auth = seeded[caller]
                    response = case.call(headers=auth["headers"], cookies=auth["cookies"])
                    statuses[caller][response.status_code] += 1
                    problem = problems_with(case, response)
                    if problem:
                        found[caller, label] = f"{problem}\n    reproduce as {caller}: {case.as_curl_command()}"

            try:
                probe()
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE, label  # nothing to break: no params, no body
    assert not found, "\n".join(f"{label} as {caller}: {problem}" for (caller, label), problem in sorted(found.items()))
    for caller in ("api_key", "staff"):  # each got past authentication on some routes
        assert sum(n for status, n in statuses[caller].items() if status < 300) >= 10, (caller, statuses[caller])

import re

import pytest
from django.urls import URLPattern, URLResolver

from beat.api import urls as api_urls

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/scrape_request_log/flow/{flow}", "post"), ("/scrape_request_log/flow/{task_id}", "get"),
    ("/scrape_request_log/flow/update/{task_id}", "post"), ("/list_scrape_data/{account_id}", "get"),
    ("/heartbeat", "get"), ("/heartbeat", "put"),
}


def test_the_openapi_schema_documents_every_task_route(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    found = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert OPERATIONS <= found
    assert schema["components"]["securitySchemes"]["ApiKey"]["name"] == "Authorization"
    submit = schema["paths"]["/scrape_request_log/flow/{flow}"]["post"]
    assert {"200", "201", "400", "401", "404", "413", "415", "429", "501"} <= set(submit["responses"])


def test_the_schema_generates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_docs_page_loads(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def api_routes(patterns=api_urls.urlpatterns, prefix="") -> set[str]:
    """Every route mounted by beat/api/urls.py, spelled as OpenAPI paths: /profiles/{platform}/..."""
    routes = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes |= api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("api/"):
            routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return routes


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield f"{method.upper()} {path}", operation


def test_every_api_route_is_in_the_schema(schema):
    assert api_routes() - set(schema["paths"]) == set()


def test_every_operation_documents_the_errors_its_route_answers_in_the_one_error_shape(schema):
    missing = {}
    for name, operation in operations(schema):
        codes = set(operation["responses"])
        wanted = set()
        if operation.get("security"):
            wanted |= {"401", "429"}  # authentication, throttles and quotas
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            wanted.add("404")
        if "requestBody" in operation:
            wanted |= {"400", "413", "415"}  # field errors, the body limit, JSON only
        if wanted - codes:
            missing[name] = sorted(wanted - codes)
        for code, response in operation["responses"].items():
            if code.startswith("4"):  # (the heartbeat's 503 is its own answer: draining, not an error)
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (name, code)
    assert missing == {}
    sentiment = dict(operations(schema))["GET /sentiment/{platform}/posts/{shortcode}"]
    assert {"401", "404", "429"} <= set(sentiment["responses"])  # a view that listed only its 200

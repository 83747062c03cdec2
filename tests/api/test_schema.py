import pytest

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

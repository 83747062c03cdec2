"""Run by test_sqlite_edges.py inside `manage.py shell` on the embedded SQLite default: sends the
requests that PostgreSQL refuses on its own but SQLite used to store, then reads everything back.
Prints one JSON line: {case: [status, error code or None]}."""
import json

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Account, AccountAPIKey

URL = "/scrape_request_log/flow/beat_echo"
account = Account.objects.create(slug="acme", name="Acme")
_, key = AccountAPIKey.objects.create_key(account=account, name="probe")
api = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
admin = Client()
admin.force_login(get_user_model().objects.create_superuser("probe-admin", password="pw-probe-only"))


def outcome(response):
    try:
        error = response.json().get("error")
    except ValueError:
        error = None
    return [response.status_code, error and error.get("code"), error and sorted(error)]


results = {}
for case, params in {"surrogate_value": '{"payload": "\\ud800"}', "surrogate_key": '{"payload": {"\\udc00": 1}}',
                     "nul_value": '{"payload": "a\\u0000b"}', "nul_key": '{"payload": {"a\\u0000b": 1}}',
                     "deep": '{"payload": ' + "[" * 600 + "]" * 600 + "}"}.items():
    results[case] = outcome(api.post(URL, '{"params": %s}' % params, content_type="application/json"))
created = api.post(URL, {"params": {"payload": "fine"}}, content_type="application/json")
results["later_submit"] = outcome(created)
task_id = created.json()["id"]
results["later_get"] = outcome(api.get(f"/scrape_request_log/flow/{task_id}"))
results["later_list"] = outcome(api.get("/list_scrape_data/acme"))
results["list_count"] = api.get("/list_scrape_data/acme").json()["count"]
results["admin_list"] = admin.get("/admin/beat/scraperequestlog/").status_code
results["admin_page"] = admin.get(f"/admin/beat/scraperequestlog/{task_id}/change/").status_code
print("PROBE " + json.dumps(results))

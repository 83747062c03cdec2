"""Id lists read from stored files, URLs refused, and report files opened only by their account and staff."""
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from beat.errors import InvalidParams
from beat.models import Status
from beat.queue.services import submit
from tests.accounts.factories import AccountFactory, key_client, new_key, staff_client
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import channel_id, channels_answer
from tests.youtube.reports.kit import read_csv, run_report

pytestmark = pytest.mark.django_db
SECOND = channel_id(5)


def stored(name: str, text: str) -> str:
    return default_storage.save(name, ContentFile(text.encode("utf-8")))


def test_channel_ids_may_come_as_a_stored_csv_with_a_header(upstream, account):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA, SECOND]))
    path = stored("inputs/acme/channels.csv", f"channel_id\n{NASA}\n\n{SECOND}\n{NASA}\nnot-a-channel\n")
    task = run_report("fetch_channels_csv", {"channel_ids_path": path}, account=account)
    assert task.status == Status.COMPLETE, task.error
    assert upstream.calls("GET", "/channels")[0].query["id"] == f"{NASA},{SECOND}"
    assert [row["id"] for row in read_csv(task, "channels_csv")[1]] == [NASA, SECOND]
    assert task.data["refused_ids"] == ["not-a-channel"]


@pytest.mark.parametrize("path", ["s3://bucket/ids.csv", "file:///etc/passwd", "//host/ids.csv"])
def test_other_schemes_than_http_are_refused_at_submit(path):
    with pytest.raises(InvalidParams) as refused:
        submit("fetch_channels_csv", {"channel_ids_path": path})
    assert "Only http(s) URLs" in str(refused.value.details["channel_ids_path"][0])


def test_ids_from_a_url_come_through_the_guarded_fetch(upstream, settings):
    credential("ytapitoken")
    host, port = upstream._server.server_address[:2]
    settings.BEAT_FETCH_ALLOWED_HOSTS = [f"{host}:{port}"]  # the fake, as a public host would be
    upstream.route("GET", "/lists/ids.csv", raw=f"channel_id\n{NASA}\n".encode(),
                   headers={"Content-Type": "text/csv"})
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids_path": f"{upstream.url}/lists/ids.csv"})
    assert task.status == Status.COMPLETE, task.error
    assert [row["id"] for row in read_csv(task, "channels_csv")[1]] == [NASA]


def test_a_url_to_a_private_address_is_never_fetched(upstream):
    upstream.route("GET", "/lists/ids.csv", raw=f"{NASA}\n".encode(), headers={"Content-Type": "text/csv"})
    task = run_report("fetch_channels_csv", {"channel_ids_path": f"{upstream.url}/lists/ids.csv"})
    assert task.status == Status.FAILED and task.error["code"] == "unsafe_url"
    assert upstream.calls() == []


@pytest.mark.parametrize("path", ["/etc/passwd", "inputs/../../secret.csv"])
def test_paths_outside_storage_are_refused_at_submit(path):
    with pytest.raises(InvalidParams):
        submit("fetch_channels_csv", {"channel_ids_path": path})


def test_a_path_of_another_scheme_answers_400_in_the_error_shape(api):
    answer = api.post("/scrape_request_log/flow/fetch_channels_csv",
                      {"params": {"channel_ids_path": "gopher://169.254.169.254/latest"}}, format="json")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_params"


def test_another_accounts_input_file_is_not_read(account):
    stored("inputs/rival/channels.csv", f"{NASA}\n")
    task = run_report("fetch_channels_csv", {"channel_ids_path": "inputs/rival/channels.csv"}, account=account)
    assert task.status == Status.FAILED and task.error["code"] == "forbidden"


def test_a_report_file_opens_for_its_account_and_staff_only(upstream, account, django_user_model):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids": [NASA]}, account=account)
    link = task.data["channels_csv"]
    answer = key_client(new_key(account)[1]).get(link)
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode("utf-8")
    assert body.splitlines()[0] == "id,title,description,customUrl,country,viewCount,subscriberCount,videoCount"
    assert "attachment" in answer["Content-Disposition"]
    rival = key_client(new_key(AccountFactory(slug="rival"))[1])
    assert rival.get(link).status_code == 404
    assert staff_client(django_user_model).get(link).status_code == 200
    assert key_client(new_key(account)[1]).get(f"/scrape_request_log/flow/{task.pk}/files/nope").status_code == 404


def test_a_report_of_another_task_of_the_same_account_may_feed_the_next_report(upstream, account):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    first = run_report("fetch_channels_csv", {"channel_ids": [NASA]}, account=account)
    task = run_report("fetch_channels_csv", {"channel_ids_path": first.data["files"]["channels_csv"]},
                      account=account)
    assert task.status == Status.COMPLETE, task.error
    assert [row["id"] for row in read_csv(task, "channels_csv")[1]] == [NASA]
    rival = AccountFactory(slug="rival")
    taken = run_report("fetch_channels_csv", {"channel_ids_path": first.data["files"]["channels_csv"]},
                       account=rival)
    assert taken.status == Status.FAILED and taken.error["code"] == "forbidden"


def test_the_task_admin_lists_reports_and_links_their_files(upstream, admin_client):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids": [NASA]})
    listing = admin_client.get("/admin/beat/scraperequestlog/?reports=yes").content.decode()
    assert f"/admin/beat/scraperequestlog/{task.pk}/change/" in listing
    page = admin_client.get(f"/admin/beat/scraperequestlog/{task.pk}/change/").content.decode()
    assert f'href="{task.data["channels_csv"]}"' in page and task.data["files"]["channels_csv"] in page
    assert admin_client.get(task.data["channels_csv"]).status_code == 200


def test_malformed_inline_ids_are_refused_at_submit():
    with pytest.raises(InvalidParams) as refused:
        submit("fetch_channels_csv", {"channel_ids": [NASA, "not-a-channel"]})
    assert "channel_ids" in refused.value.details

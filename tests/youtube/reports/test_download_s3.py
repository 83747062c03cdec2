"""Report files on S3 (the storage production builds from AWS_STORAGE_BUCKET_NAME, pointed at moto's S3
server): the task writes its files to the bucket, and the download route answers its account and staff
with a signed link that expires, opening the CSV as an attachment; another account gets a 404.
AWS_STORAGE_BUCKET_NAME alone moves reports to S3, with signed links only."""
import json
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from beat.api.views.files import LINK_SECONDS
from beat.models import Status
from beat.reports.storage import bucket
from beat.settings_events import report_storage
from tests.accounts.factories import AccountFactory, key_client, new_key, staff_client
from tests.youtube.conftest import NASA, credential
from tests.youtube.kit import channels_answer
from tests.youtube.reports.kit import run_report

pytestmark = pytest.mark.django_db
HEADER = "id,title,description,customUrl,country,viewCount,subscriberCount,videoCount"


@pytest.fixture
def report_bucket(s3_bucket, settings):
    """Report files in a moto bucket, with a CDN domain configured (for assets) that reports never use."""
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.beat.test"
    settings.STORAGES = {**settings.STORAGES, "default": report_storage(s3_bucket.name, s3_bucket.endpoint)}
    return s3_bucket


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


def signed_link(answer, bucket_) -> dict:
    """The query of a redirect to a SigV4 link of the bucket's endpoint (checked to be one)."""
    assert answer.status_code == 302, answer.status_code
    link = urlsplit(answer["Location"])
    assert f"{link.scheme}://{link.netloc}" == bucket_.endpoint  # the bucket itself, never the CDN
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" and query["X-Amz-Signature"]
    return query


def test_a_report_on_s3_opens_through_an_expiring_link_for_its_account_and_staff_only(
        upstream, account, report_bucket, settings, django_user_model):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids": [NASA]}, account=account)
    assert task.status == Status.COMPLETE, task.error
    name = task.data["files"]["channels_csv"]
    assert report_bucket.keys() == [name] and bucket() == report_bucket.name
    assert not any(settings.MEDIA_ROOT.rglob("*.csv"))  # nothing written to local disk
    stored = report_bucket.client.get_object(Bucket=report_bucket.name, Key=name)["Body"].read()
    assert stored.decode("utf-8").splitlines()[0] == HEADER

    asked = datetime.now(timezone.utc)
    answer = key_client(new_key(account)[1]).get(task.data["channels_csv"])
    query = signed_link(answer, report_bucket)
    assert urlsplit(answer["Location"]).path == f"/{report_bucket.name}/{name}"
    # moto does not refuse expired links: the lifetime signed into the link is the route's
    assert int(query["X-Amz-Expires"]) == LINK_SECONDS == 300
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs(signed_at - asked) < timedelta(seconds=5)
    status, headers, body = fetch(answer["Location"])
    assert (status, body) == (200, stored)
    assert headers["Content-Disposition"] == 'attachment; filename="channels.csv"'

    rival = key_client(new_key(AccountFactory(slug="rival"))[1]).get(task.data["channels_csv"])
    assert rival.status_code == 404 and not rival.has_header("Location")
    assert rival.json()["error"]["code"] == "not_found"
    staff = staff_client(django_user_model).get(task.data["channels_csv"])
    assert fetch(staff["Location"])[2] == stored and signed_link(staff, report_bucket)
    missing = key_client(new_key(account)[1]).get(f"/scrape_request_log/flow/{task.pk}/files/nope")
    assert missing.status_code == 404


def test_a_report_file_gone_from_the_bucket_is_a_404_not_a_dead_link(upstream, account, report_bucket):
    credential("ytapitoken")
    upstream.route("GET", "/channels", body=channels_answer([NASA]))
    task = run_report("fetch_channels_csv", {"channel_ids": [NASA]}, account=account)
    report_bucket.client.delete_object(Bucket=report_bucket.name, Key=task.data["files"]["channels_csv"])
    assert key_client(new_key(account)[1]).get(task.data["channels_csv"]).status_code == 404


def test_a_bucket_in_the_environment_puts_reports_on_s3_signed_never_on_the_cdn(tmp_path):
    print_storages = ("import django, json; django.setup(); from django.conf import settings as s; "
                      "print(json.dumps({k: s.STORAGES[k] for k in ('default', 'assets')}, default=str))")
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "beat.settings", "BEAT_VAR_DIR": str(tmp_path),
           "AWS_STORAGE_BUCKET_NAME": "beat-files", "AWS_S3_CUSTOM_DOMAIN": "cdn.beat.test"}
    result = subprocess.run([sys.executable, "-c", print_storages], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout)
    assert storages["default"] == report_storage("beat-files", "")
    assert storages["default"]["OPTIONS"]["custom_domain"] is None  # not the CDN the assets use
    assert storages["assets"]["OPTIONS"]["custom_domain"] == "cdn.beat.test"
    assert report_storage("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

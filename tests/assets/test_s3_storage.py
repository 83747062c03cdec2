"""Assets on S3 through django-storages, against moto's S3 server on loopback (a real HTTP S3 API):
object keys, Content-Type, inline disposition, CDN URLs, no second upload of the same bytes."""
import socket
import subprocess
import sys
import time

import boto3
import pytest

from assets.services import asset_upload

pytestmark = pytest.mark.django_db
BUCKET = "beat-assets-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_server)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "assets": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_server, "custom_domain": "cdn.beat.test", "querystring_auth": False,
        "file_overwrite": True, "object_parameters": {"ContentDisposition": "inline"}}}}
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_an_asset_lands_in_the_bucket_with_its_type_inline_and_a_cdn_url(cdn, s3):
    cdn.route("GET", "/pic.png", raw=b"\x89PNG bytes", headers={"Content-Type": "image/png"})
    stored = asset_upload(entity_type="PROFILE", entity_id="528817150", platform="INSTAGRAM", asset_type="IMAGE",
                          original_url=cdn.url + "/pic.png")
    assert stored.asset_url == "assets/profiles/instagram/528817150.png"
    head = s3.head_object(Bucket=BUCKET, Key=stored.asset_url)
    assert (head["ContentType"], head["ContentDisposition"], head["ContentLength"]) == ("image/png", "inline", 10)
    assert s3.get_object(Bucket=BUCKET, Key=stored.asset_url)["Body"].read() == b"\x89PNG bytes"
    assert stored.url == "https://cdn.beat.test/assets/profiles/instagram/528817150.png"


def test_the_same_bytes_are_uploaded_once(cdn, s3):
    cdn.route("GET", "/v.mp4", raw=b"mp4 bytes", headers={"Content-Type": "video/mp4"})
    params = dict(entity_type="POST", platform="INSTAGRAM", asset_type="VIDEO", original_url=cdn.url + "/v.mp4")
    first = asset_upload(entity_id="1", **params)
    second = asset_upload(entity_id="2", **params)
    assert (first.uploaded, second.uploaded, second.asset_url) == (True, False, first.asset_url)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]] == ["assets/posts/instagram/1.mp4"]
    assert s3.head_object(Bucket=BUCKET, Key=first.asset_url)["ContentType"] == "video/mp4"

"""moto's S3 server on loopback: a real HTTP S3 API for the tests of S3 storage (assets, report files).
A pytest plugin (see tests/conftest.py).

    def test_it(s3_bucket, settings):
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": s3_bucket.name, "endpoint_url": s3_bucket.endpoint}}}
        ...
        assert s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=...)["Body"].read() == ...

One server for the session (started on first use); each test gets a bucket of its own, emptied and
deleted after it. moto checks neither signatures nor the expiry of presigned links.
"""
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object  # a boto3 S3 client of the endpoint

    def keys(self) -> list[str]:
        return [o["Key"] for o in self.client.list_objects_v2(Bucket=self.name).get("Contents", [])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto server process, stopped at the end of the session."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("moto's S3 server did not start") from None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A new bucket on the moto server (test credentials in the environment, as boto3 reads them)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_server)
    bucket = Bucket(f"beat-test-{uuid.uuid4().hex[:12]}", s3_server, client)
    client.create_bucket(Bucket=bucket.name)
    yield bucket
    for key in bucket.keys():
        client.delete_object(Bucket=bucket.name, Key=key)
    client.delete_bucket(Bucket=bucket.name)

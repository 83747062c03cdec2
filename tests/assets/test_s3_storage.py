"""Assets on S3 through django-storages, against moto's S3 server on loopback (a real HTTP S3 API):
object keys, Content-Type, inline disposition, CDN URLs, no second upload of the same bytes."""
import pytest

from assets.services import asset_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3(s3_bucket, settings):
    """Assets stored in a moto bucket, served from a CDN domain."""
    settings.STORAGES = {**settings.STORAGES, "assets": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": s3_bucket.name, "endpoint_url": s3_bucket.endpoint, "custom_domain": "cdn.beat.test",
        "querystring_auth": False, "file_overwrite": True, "object_parameters": {"ContentDisposition": "inline"}}}}
    return s3_bucket


def test_an_asset_lands_in_the_bucket_with_its_type_inline_and_a_cdn_url(cdn, s3):
    cdn.route("GET", "/pic.png", raw=b"\x89PNG bytes", headers={"Content-Type": "image/png"})
    stored = asset_upload(entity_type="PROFILE", entity_id="528817150", platform="INSTAGRAM", asset_type="IMAGE",
                          original_url=cdn.url + "/pic.png")
    assert stored.asset_url == "assets/profiles/instagram/528817150.png"
    head = s3.client.head_object(Bucket=s3.name, Key=stored.asset_url)
    assert (head["ContentType"], head["ContentDisposition"], head["ContentLength"]) == ("image/png", "inline", 10)
    assert s3.client.get_object(Bucket=s3.name, Key=stored.asset_url)["Body"].read() == b"\x89PNG bytes"
    assert stored.url == "https://cdn.beat.test/assets/profiles/instagram/528817150.png"


def test_the_same_bytes_are_uploaded_once(cdn, s3):
    cdn.route("GET", "/v.mp4", raw=b"mp4 bytes", headers={"Content-Type": "video/mp4"})
    params = dict(entity_type="POST", platform="INSTAGRAM", asset_type="VIDEO", original_url=cdn.url + "/v.mp4")
    first = asset_upload(entity_id="1", **params)
    second = asset_upload(entity_id="2", **params)
    assert (first.uploaded, second.uploaded, second.asset_url) == (True, False, first.asset_url)
    assert s3.keys() == ["assets/posts/instagram/1.mp4"]
    assert s3.client.head_object(Bucket=s3.name, Key=first.asset_url)["ContentType"] == "video/mp4"

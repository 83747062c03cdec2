"""asset_upload_flow: a CDN asset copied into storage under the FastAPI Beat's key layout, recorded in
asset_log, never stored twice, and a dead link failing its task with the CDN's reason."""
import pytest

from assets.models import AssetLog
from assets.services import asset_upload
from beat.models import ScrapeRequestLog, Status
from beat.queue import claim, runner, services

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0 a jpeg"


def upload(cdn, path, **params):
    defaults = dict(entity_type="POST", entity_id="3300000000000000001", platform="INSTAGRAM", asset_type="IMAGE")
    return asset_upload(original_url=cdn.url + path, **{**defaults, **params})


def test_an_image_is_stored_under_the_fastapi_key_and_recorded_in_asset_log(cdn, asset_files):
    cdn.route("GET", "/v/t51/pic.webp", query={"oh": "sig"}, raw=b"RIFF webp", headers={"Content-Type": "image/webp"})
    stored = upload(cdn, "/v/t51/pic.webp?oh=sig", entity_id="DAx1AbC")
    assert stored.asset_url == "assets/posts/instagram/dax1abc.webp" and stored.uploaded
    assert (asset_files / stored.asset_url).read_bytes() == b"RIFF webp"
    row = AssetLog.objects.get(entity_id="DAx1AbC")
    assert (row.asset_url, row.size, row.asset_type, row.platform) == (stored.asset_url, 9, "IMAGE", "INSTAGRAM")
    assert row.original_url.endswith("/v/t51/pic.webp?oh=sig") and len(row.content_hash) == 64
    assert stored.url == "/media/assets/posts/instagram/dax1abc.webp"


@pytest.mark.parametrize("entity_type,asset_type,path,content_type,key", [
    ("PROFILE", "IMAGE", "/p.jpeg", "image/jpeg", "assets/profiles/instagram/42.jpg"),
    ("STORY", "VIDEO", "/s", "video/mp4", "assets/storys/instagram/42.mp4"),
    ("POST", "IMAGE", "/noext", "image/png", "assets/posts/instagram/42.png"),
])
def test_the_extension_comes_from_the_url_then_the_content_type_and_videos_are_mp4(
        cdn, asset_files, entity_type, asset_type, path, content_type, key):
    cdn.route("GET", path, raw=b"bytes of " + path.encode(), headers={"Content-Type": content_type})
    assert upload(cdn, path, entity_type=entity_type, asset_type=asset_type, entity_id="42").asset_url == key


def test_the_same_content_is_not_stored_twice(cdn, asset_files):
    cdn.route("GET", "/a.jpg", raw=JPEG, headers={"Content-Type": "image/jpeg"})
    first = upload(cdn, "/a.jpg", entity_id="1")
    again = upload(cdn, "/a.jpg", entity_id="1")
    other = upload(cdn, "/a.jpg", entity_id="2")  # another post with the very same picture
    assert (first.uploaded, again.uploaded, other.uploaded) == (True, False, False)
    assert other.asset_url == first.asset_url
    assert [p.name for p in (asset_files / "assets/posts/instagram").iterdir()] == ["1.jpg"]
    assert AssetLog.objects.count() == 2


def test_a_changed_picture_replaces_the_stored_one_in_place(cdn, asset_files):
    cdn.route("GET", "/a.jpg", raw=JPEG, headers={"Content-Type": "image/jpeg"})
    upload(cdn, "/a.jpg", entity_id="1")
    cdn.route("GET", "/a.jpg", raw=JPEG + b" v2", headers={"Content-Type": "image/jpeg"})
    stored = upload(cdn, "/a.jpg", entity_id="1")
    assert stored.uploaded and (asset_files / stored.asset_url).read_bytes() == JPEG + b" v2"
    assert AssetLog.objects.get().content_hash == stored.content_hash


def test_an_entity_id_cannot_climb_out_of_its_folder(cdn, asset_files):
    cdn.route("GET", "/a.jpg", raw=JPEG, headers={"Content-Type": "image/jpeg"})
    assert upload(cdn, "/a.jpg", entity_id="../../etc/x").asset_url == "assets/posts/instagram/_.._etc_x.jpg"


def run_flow(flow, params):
    task, _ = services.submit(flow, params)
    runner.run(claim.claim_task(task.pk, worker="test"))
    task.refresh_from_db()
    return task


def test_an_expired_cdn_signature_fails_the_task_with_that_reason(cdn, asset_files):
    cdn.route("GET", "/old.jpg", status=403, raw=b"URL signature expired", headers={"Content-Type": "text/plain"})
    task = run_flow("asset_upload_flow", {"entity_type": "POST", "entity_id": "9", "asset_type": "IMAGE",
                                          "platform": "INSTAGRAM", "original_url": cdn.url + "/old.jpg"})
    assert task.status == Status.FAILED and task.attempts == 1
    assert task.error["message"] == "URL signature expired"
    assert not AssetLog.objects.exists()


def test_the_stories_flow_stores_a_video_on_its_own_queue(cdn, asset_files):
    cdn.route("GET", "/story.mp4", raw=b"mp4 bytes", headers={"Content-Type": "video/mp4"})
    task = run_flow("asset_upload_flow_stories", {"entity_type": "STORY", "entity_id": "77", "asset_type": "VIDEO",
                                                  "platform": "INSTAGRAM", "original_url": cdn.url + "/story.mp4"})
    assert (task.status, task.queue) == (Status.COMPLETE, "assets_stories")
    assert task.data["asset_url"] == "assets/storys/instagram/77.mp4"


def test_a_task_pointing_at_an_internal_address_fails_at_once(asset_files, canary):
    task = run_flow("asset_upload_flow", {"entity_type": "POST", "entity_id": "9", "asset_type": "IMAGE",
                                          "platform": "INSTAGRAM",
                                          "original_url": f"http://127.0.0.1:{canary.port}/a.jpg"})
    assert (task.status, task.error["code"]) == (Status.FAILED, "unsafe_url")
    assert canary.connections == 0
    assert ScrapeRequestLog.objects.get().attempts == 1


def test_the_api_serves_an_assets_url_on_the_cdn_when_one_is_set(cdn, asset_files, account, client_of, settings):
    cdn.route("GET", "/a.jpg", raw=JPEG, headers={"Content-Type": "image/jpeg"})
    upload(cdn, "/a.jpg", entity_id="55")
    api = client_of(account)
    body = api.get("/assets/55").json()
    assert (body["asset_url"], body["url"], body["size"]) == ("assets/posts/instagram/55.jpg",
                                                              "/media/assets/posts/instagram/55.jpg", len(JPEG))
    settings.STORAGES = {**settings.STORAGES, "assets": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "b", "custom_domain": "cdn.beat.test", "querystring_auth": False}}}
    assert api.get("/assets/55").json()["url"] == "https://cdn.beat.test/assets/posts/instagram/55.jpg"
    assert api.get("/assets/56").status_code == 404

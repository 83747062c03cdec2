"""Copy one asset from its CDN link into storage and record it in asset_log (upsert on entity_id).

The download goes through beat.http.guarded (SSRF checks, size cap, content-type allow list). The
same bytes are never stored twice: an asset whose sha256 is already stored (this entity's unchanged
picture, or another entity's identical one) points at the stored object instead of a new upload."""
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction

from assets.keys import ACCEPTED, asset_key, content_type_of, extension
from assets.models import AssetLog
from assets.storage import asset_storage, public_url
from beat.errors import NotFound, UpstreamError, UpstreamRejected
from beat.http import guarded

SOURCE = "cdn"
SIGNATURE_EXPIRED = "URL signature expired"


@dataclass(frozen=True)
class StoredAsset:
    entity_id: str
    asset_url: str  # the stored key
    url: str  # where clients fetch it (the CDN when configured)
    content_hash: str
    size: int
    uploaded: bool  # False when identical bytes were stored already
    created: bool  # the entity's first asset_log row

    def as_dict(self) -> dict:
        return asdict(self)


def asset_upload(*, entity_type: str, entity_id: str, platform: str, asset_type: str, original_url: str,
                 ctx=None) -> StoredAsset:
    fetched = guarded.fetch(original_url, source=SOURCE, max_bytes=settings.BEAT_ASSET_MAX_BYTES,
                            content_types=ACCEPTED[asset_type], ctx=ctx)
    try:
        _check_answer(fetched)
        ext = extension(asset_type, fetched.url, fetched.content_type)
        key = asset_key(entity_type=entity_type, platform=platform, entity_id=entity_id, ext=ext)
        storage = asset_storage()
        same = AssetLog.objects.filter(content_hash=fetched.sha256).values_list("asset_url", flat=True).first()
        uploaded = not (same and storage.exists(same))
        if uploaded:
            content = File(fetched.file, name=key)
            content.content_type = content_type_of(ext)  # S3Storage sends it as the object's Content-Type
            key = storage.save(key, content)
        else:
            key = same
    finally:
        fetched.file.close()
    with transaction.atomic():
        _row, created = AssetLog.objects.update_or_create(entity_id=entity_id, defaults=dict(
            entity_type=entity_type, platform=platform, asset_type=asset_type, asset_url=key,
            original_url=original_url, content_hash=fetched.sha256, size=fetched.size,
            task_id=getattr(ctx, "task_id", None)))
    return StoredAsset(entity_id, key, public_url(key), fetched.sha256, fetched.size, uploaded, created)


def _check_answer(fetched) -> None:
    if 200 <= fetched.status < 300:
        return
    text = fetched.read()[:4096].decode("utf-8", "replace")
    if SIGNATURE_EXPIRED.lower() in text.lower():
        # the link is dead for good: a new one comes with the next refresh of the post
        raise UpstreamRejected(SIGNATURE_EXPIRED, source=SOURCE, status=fetched.status)
    if fetched.status in (404, 410):
        raise NotFound(f"the CDN has no such asset (HTTP {fetched.status})", source=SOURCE, status=fetched.status)
    if fetched.status == 429 or fetched.status >= 500:
        raise UpstreamError(f"the CDN answered HTTP {fetched.status}", source=SOURCE, status=fetched.status)
    raise UpstreamRejected(f"the CDN refused the download (HTTP {fetched.status})", source=SOURCE,
                           status=fetched.status)

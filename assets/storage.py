"""The asset storage: STORAGES["assets"] (local files under BEAT_VAR_DIR/media by default, S3 through
django-storages when AWS_STORAGE_BUCKET_NAME is set; beat.settings_events). Its URLs are on
AWS_S3_CUSTOM_DOMAIN, the CDN, where set."""
from django.core.files.storage import storages


def asset_storage():
    return storages["assets"]


def public_url(key: str) -> str:
    return asset_storage().url(key)

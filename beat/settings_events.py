"""Events and integrations: RabbitMQ, the outbox, storage of media assets, webhooks."""
from django.core.exceptions import ImproperlyConfigured

from beat.env import env_int, env_list, env_str

# The broker `manage.py amqp_bridge` connects to; unset, events wait in the outbox (nothing is lost).
AMQP_URL = env_str("AMQP_URL")
if AMQP_URL and not AMQP_URL.startswith(("amqp://", "amqps://")):
    raise ImproperlyConfigured("AMQP_URL must be an amqp:// or amqps:// URL")
# How long the bridge waits for inbound messages between two passes over the outbox.
BEAT_AMQP_POLL_MS = env_int("BEAT_AMQP_POLL_MS", 500)
# Longest wait between two reconnection attempts (it doubles from 1 s).
BEAT_AMQP_RECONNECT_MAX = env_int("BEAT_AMQP_RECONNECT_MAX", 30)
# Published events are kept this long in the outbox (the admin shows them), then pruned daily.
BEAT_OUTBOX_RETENTION_DAYS = env_int("BEAT_OUTBOX_RETENTION_DAYS", 7)

# host:port pairs the guarded fetch (beat.http.guarded) may reach whatever their addresses: a local
# test server, a private CDN mirror. Everything else must resolve to public addresses only.
BEAT_FETCH_ALLOWED_HOSTS = env_list("BEAT_FETCH_ALLOWED_HOSTS")

# Media assets (assets app): local files under BEAT_VAR_DIR/media unless an S3 bucket is named.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
BEAT_ASSET_MAX_BYTES = env_int("BEAT_ASSET_MAX_BYTES", 100 * 1024 * 1024)


def asset_storage(media_root) -> dict:
    """STORAGES["assets"]. S3 objects get Content-Type from the asset and an inline disposition; with a
    CDN domain the URLs are plain https://<domain>/<key>, else signed URLs of the bucket."""
    if not AWS_STORAGE_BUCKET_NAME:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media_root, "base_url": "/media/", "allow_overwrite": True}}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": AWS_STORAGE_BUCKET_NAME, "endpoint_url": AWS_S3_ENDPOINT_URL or None,
        "custom_domain": AWS_S3_CUSTOM_DOMAIN or None, "querystring_auth": not AWS_S3_CUSTOM_DOMAIN,
        "file_overwrite": True, "object_parameters": {"ContentDisposition": "inline"}}}


def report_storage(bucket: str = AWS_STORAGE_BUCKET_NAME, endpoint: str = AWS_S3_ENDPOINT_URL) -> dict:
    """STORAGES["default"], where report files live (beat.reports): local files under MEDIA_ROOT, or the
    bucket's private reports/ keys, opened through signed, expiring links only (never the CDN domain:
    a report is for its task's account)."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": endpoint or None, "custom_domain": None, "querystring_auth": True,
        "signature_version": "s3v4", "file_overwrite": True}}  # SigV4: what every AWS region accepts

# Webhooks: attempts per delivery, backoff between them (base × 2^(n−1), capped), seconds per POST.
BEAT_WEBHOOK_MAX_ATTEMPTS = env_int("BEAT_WEBHOOK_MAX_ATTEMPTS", 10)
BEAT_WEBHOOK_RETRY_BASE = env_int("BEAT_WEBHOOK_RETRY_BASE", 30)
BEAT_WEBHOOK_RETRY_CAP = env_int("BEAT_WEBHOOK_RETRY_CAP", 6 * 3600)
BEAT_WEBHOOK_TIMEOUT = env_int("BEAT_WEBHOOK_TIMEOUT", 10)

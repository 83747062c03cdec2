"""Events and integrations: RabbitMQ, the outbox, storage of media assets, webhooks."""
from django.core.exceptions import ImproperlyConfigured

from beat.env import env_int, env_str

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

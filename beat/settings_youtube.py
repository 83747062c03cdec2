"""YouTube's provider fallback orders (youtube.providers.orders holds the FastAPI Beat's defaults) and
whether refresh_yt_post_type may ask youtube.com itself.

BEAT_YOUTUBE_PROVIDER_ORDER is JSON, merged over the defaults operation by operation, e.g.
    {"channels": ["yt-v31", "ytapitoken"], "channel_videos": ["ytapitoken", "rapidapi-yt"]}
"""
import json
import os

from django.core.exceptions import ImproperlyConfigured

from beat.env import env_bool


def _orders(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw[:80]!r}") from None
    if not isinstance(value, dict) or not all(isinstance(order, list) for order in value.values()):
        raise ImproperlyConfigured(f"{name} must map each operation to a list of sources")
    return value


BEAT_YOUTUBE_PROVIDER_ORDER = _orders("BEAT_YOUTUBE_PROVIDER_ORDER")
# A video of 61 s to 3 min may be a Short or not: with this on, refresh_yt_post_type asks
# BEAT_YOUTUBE_WEB_BASE_URL/shorts/<id> (200: a Short; a redirect to /watch: a video).
BEAT_YOUTUBE_SHORTS_CHECK = env_bool("BEAT_YOUTUBE_SHORTS_CHECK", False)

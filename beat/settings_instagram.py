"""Instagram's provider fallback orders (instagram.providers.orders holds the FastAPI Beat's defaults).

BEAT_INSTAGRAM_PROVIDER_ORDER is JSON, merged over the defaults operation by operation: a list tries
sources in that order; an object {source: weight} picks the first source at random by weight (the
others follow, also by weight). Example:
    {"posts": ["lama", "rapidapi-jotucker"], "followers": {"rapidapi-jotucker": 50, "rocketapi": 50}}
"""
import json
import os

from django.core.exceptions import ImproperlyConfigured


def _orders(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw[:80]!r}") from None
    if not isinstance(value, dict) or not all(isinstance(order, (list, dict)) for order in value.values()):
        raise ImproperlyConfigured(f"{name} must map each operation to a list of sources or a {{source: weight}}")
    return value


BEAT_INSTAGRAM_PROVIDER_ORDER = _orders("BEAT_INSTAGRAM_PROVIDER_ORDER")

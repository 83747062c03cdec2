"""Upstream base URLs (DESIGN.md's sources table) and the HTTP client's timeouts.

A base URL is everything before an endpoint's own path, so tests and staging point each one at a
local server. Every value is read when Django starts; a bad one is a clear start-up error.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from beat.env import env_int, env_str, env_url


def _optional_url(name: str) -> str:
    """An upstream that is off unless configured (the optional model services)."""
    return env_url(name, "") if os.environ.get(name, "").strip() else ""


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number of seconds, not {raw!r}")
    return value


# The newest Graph API version of Meta's changelog (v27.0, introduced November 4, 2026; v21.0 is
# retired January 21, 2027). Move it here, or per deployment with BEAT_GRAPHAPI_BASE_URL.
GRAPHAPI_DEFAULT_BASE_URL = "https://graph.facebook.com/v27.0"
BEAT_GRAPHAPI_BASE_URL = env_url("BEAT_GRAPHAPI_BASE_URL", GRAPHAPI_DEFAULT_BASE_URL)
BEAT_LAMA_BASE_URL = env_url("BEAT_LAMA_BASE_URL", "https://api.lamadava.com")
BEAT_RAPIDAPI_JOTUCKER_BASE_URL = env_url("BEAT_RAPIDAPI_JOTUCKER_BASE_URL",
                                          "https://instagram-scraper2.p.rapidapi.com")
BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL = env_url("BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL",
                                           "https://instagram-scraper-2022.p.rapidapi.com")
BEAT_RAPIDAPI_NEOTANK_BASE_URL = env_url("BEAT_RAPIDAPI_NEOTANK_BASE_URL", "https://instagram130.p.rapidapi.com")
BEAT_RAPIDAPI_BESTSOLUTIONS_BASE_URL = env_url("BEAT_RAPIDAPI_BESTSOLUTIONS_BASE_URL",
                                               "https://instagram-api-cheap-best-performance.p.rapidapi.com")
BEAT_RAPIDAPI_IGAPI_BASE_URL = env_url("BEAT_RAPIDAPI_IGAPI_BASE_URL", "https://igdata.p.rapidapi.com")
BEAT_ROCKETAPI_BASE_URL = env_url("BEAT_ROCKETAPI_BASE_URL", "https://v1.rocketapi.io")
BEAT_YOUTUBE_BASE_URL = env_url("BEAT_YOUTUBE_BASE_URL", "https://www.googleapis.com/youtube/v3")
BEAT_GOOGLE_OAUTH_BASE_URL = env_url("BEAT_GOOGLE_OAUTH_BASE_URL", "https://oauth2.googleapis.com")
BEAT_YOUTUBE_ANALYTICS_BASE_URL = env_url("BEAT_YOUTUBE_ANALYTICS_BASE_URL",
                                          "https://youtubeanalytics.googleapis.com/v2")
BEAT_RAPIDAPI_YT_V31_BASE_URL = env_url("BEAT_RAPIDAPI_YT_V31_BASE_URL", "https://youtube-v31.p.rapidapi.com")
BEAT_RAPIDAPI_YT_BASE_URL = env_url("BEAT_RAPIDAPI_YT_BASE_URL", "https://youtube138.p.rapidapi.com")
BEAT_RAPIDAPI_YT_SEARCH_BASE_URL = env_url("BEAT_RAPIDAPI_YT_SEARCH_BASE_URL", "https://youtube-v311.p.rapidapi.com")
# youtube.com itself: only ever asked for /shorts/<a validated video id> (refresh_yt_post_type)
BEAT_YOUTUBE_WEB_BASE_URL = env_url("BEAT_YOUTUBE_WEB_BASE_URL", "https://www.youtube.com")
# {shop} is the shop's domain (the credential's handle), filled in per call.
BEAT_SHOPIFY_BASE_URL = env_url("BEAT_SHOPIFY_BASE_URL", "https://{shop}/admin/api/2024-01")
OPENAI_BASE_URL = env_url("OPENAI_BASE_URL", "https://api.openai.com/v1")
BEAT_MODEL_SERVICE_URL = _optional_url("BEAT_MODEL_SERVICE_URL")
BEAT_AD_VS_ORGANIC_URL = _optional_url("BEAT_AD_VS_ORGANIC_URL")

# Credential source -> the setting holding its base URL. Code that needs a source's URL reads the
# setting through this map at call time, so an override (tests, staging) is always seen.
BEAT_BASE_URL_SETTINGS = {
    "graphapi": "BEAT_GRAPHAPI_BASE_URL",
    "lama": "BEAT_LAMA_BASE_URL",
    "rapidapi-jotucker": "BEAT_RAPIDAPI_JOTUCKER_BASE_URL",
    "rapidapi-arraybobo": "BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL",
    "rapidapi-neotank": "BEAT_RAPIDAPI_NEOTANK_BASE_URL",
    "rapidapi-bestsolutions": "BEAT_RAPIDAPI_BESTSOLUTIONS_BASE_URL",
    "rapidapi-igapi": "BEAT_RAPIDAPI_IGAPI_BASE_URL",
    "rocketapi": "BEAT_ROCKETAPI_BASE_URL",
    "ytapitoken": "BEAT_YOUTUBE_BASE_URL",
    "ytapi": "BEAT_YOUTUBE_ANALYTICS_BASE_URL",  # its token comes from BEAT_GOOGLE_OAUTH_BASE_URL
    "yt-v31": "BEAT_RAPIDAPI_YT_V31_BASE_URL",
    "rapidapi-yt": "BEAT_RAPIDAPI_YT_BASE_URL",
    "rapidapi-yt-search": "BEAT_RAPIDAPI_YT_SEARCH_BASE_URL",
    "shopify": "BEAT_SHOPIFY_BASE_URL",
    "openai": "OPENAI_BASE_URL",
}

BEAT_HTTP_CONNECT_TIMEOUT = _seconds("BEAT_HTTP_CONNECT_TIMEOUT", 5)
BEAT_HTTP_READ_TIMEOUT = _seconds("BEAT_HTTP_READ_TIMEOUT", 30)
BEAT_HTTP_USER_AGENT = env_str("BEAT_HTTP_USER_AGENT", "Beat/1.0 (+self-hosted; python-requests)")
# An answer past either cap is a BadResponse: no upstream answer Beat reads comes near them.
BEAT_HTTP_MAX_RESPONSE_BYTES = env_int("BEAT_HTTP_MAX_RESPONSE_BYTES", 10 * 1024 * 1024)
BEAT_HTTP_MAX_JSON_DEPTH = env_int("BEAT_HTTP_MAX_JSON_DEPTH", 64)

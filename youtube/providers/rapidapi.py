"""The RapidAPI mirrors of the Data API's shape (credential {X-RapidAPI-Key}):

- yt-v31 (youtube-v31.p.rapidapi.com): /channels, /videos, /playlistItems, /search, /commentThreads.
- rapidapi-yt-search (youtube-v311.p.rapidapi.com): /search and /commentThreads.

Same paths and parameters as Google's (fixtures/README.md section 6: **partial**, etags may be missing);
whether forHandle works on them was not verified, so neither is asked for a handle. Quota and errors
come from RapidAPI's gateway (the rapidapi error family), counted in requests, not units.
"""
from beat.providers import RapidAPIProvider
from beat.providers import capabilities as cap
from youtube.providers import base
from youtube.providers.data_api import DataAPIEndpoints


class YtV31(DataAPIEndpoints, RapidAPIProvider):
    source = "yt-v31"
    base_url_setting = "BEAT_RAPIDAPI_YT_V31_BASE_URL"
    error_family = "rapidapi"
    capabilities = frozenset({cap.PROFILE, cap.POST, cap.POSTS, cap.PLAYLIST, cap.SEARCH, cap.COMMENTS})
    operations = frozenset({base.CHANNELS, base.VIDEOS, base.PLAYLIST_VIDEOS, base.CHANNEL_VIDEOS, base.SEARCH,
                            base.COMMENTS})
    probe_request = ("GET", "/channels", {"part": "id", "id": base.PROBE_CHANNEL})


class RapidApiYtSearch(DataAPIEndpoints, RapidAPIProvider):
    source = "rapidapi-yt-search"
    base_url_setting = "BEAT_RAPIDAPI_YT_SEARCH_BASE_URL"
    error_family = "rapidapi"
    capabilities = frozenset({cap.POSTS, cap.SEARCH, cap.COMMENTS})
    operations = frozenset({base.CHANNEL_VIDEOS, base.SEARCH, base.COMMENTS})
    probe_request = ("GET", "/channels", {"part": "id", "id": base.PROBE_CHANNEL})  # as the FastAPI Beat checked

"""YouTube Data API v3 with an API key, source `ytapitoken` (credential {key}).

The key goes as the `key` query parameter, never as a header. Quota: 10,000 units a day per project by
default; quotaExceeded (HTTP 403, domain youtube.quota) cools the key until midnight Pacific time, when
Google resets it (beat.http.families.google). Shapes: fixtures/README.md section 2 (verified).
"""
from beat.providers import capabilities as cap
from youtube.providers import base
from youtube.providers.data_api import DataAPIEndpoints


class YtApiToken(DataAPIEndpoints):
    source = "ytapitoken"
    base_url_setting = "BEAT_YOUTUBE_BASE_URL"
    error_family = "google"
    quota_in_units = True
    probe_request = ("GET", "/channels", {"part": "id", "id": base.PROBE_CHANNEL})  # 1 unit
    capabilities = frozenset({cap.PROFILE, cap.POST, cap.POSTS, cap.PLAYLIST, cap.SEARCH, cap.COMMENTS,
                              cap.ACTIVITIES, cap.RELATIONSHIPS})
    operations = frozenset({base.CHANNELS, base.CHANNEL_BY_HANDLE, base.VIDEOS, base.PLAYLIST_VIDEOS,
                            base.CHANNEL_VIDEOS, base.SEARCH, base.COMMENTS, base.ACTIVITIES, base.SUBSCRIPTIONS})

    def auth_headers(self) -> dict:
        return {}

    def auth_params(self) -> dict:
        return {"key": self.credential["key"]}

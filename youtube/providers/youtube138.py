"""youtube138 on RapidAPI, source `rapidapi-yt` (credential {X-RapidAPI-Key}).

/channel/details/?id= (one channel a call) and /channel/videos/?id=[&cursor=] (a channel's uploads,
newest first, without absolute publish times). Shapes: youtube.parsers.youtube138 (**partial**).
Beat's own budget for it is the FastAPI Beat's 850 requests a minute (beat/settings_limits.py).
"""
from beat.errors import NotFound
from beat.providers import RapidAPIProvider, reading
from beat.providers import capabilities as cap
from youtube.parsers import youtube138
from youtube.providers import base
from youtube.providers.data_api import with_optional


class YouTube138(base.YoutubeProvider, RapidAPIProvider):
    source = "rapidapi-yt"
    base_url_setting = "BEAT_RAPIDAPI_YT_BASE_URL"
    error_family = "rapidapi"
    capabilities = frozenset({cap.PROFILE, cap.POSTS})
    operations = frozenset({base.CHANNELS, base.CHANNEL_VIDEOS})
    probe_request = ("GET", "/channel/details/", {"id": base.PROBE_CHANNEL})

    # Reference: youtube138 /channel/details/ (one id a call; unknown ids are left out, as the Data API does)
    def channels(self, channel_ids):
        found = []
        for channel_id in dict.fromkeys(channel_ids):
            raw = self.get("/channel/details/", {"id": channel_id, "hl": "en", "gl": "US"}, expect=dict)
            try:
                with reading(self.source):
                    found.append(youtube138.parse_channel_details(raw, channel_id=channel_id))
            except NotFound:
                continue
        return found

    # Reference: youtube138 /channel/videos/; it has no date filter, so the flow applies one
    def channel_videos(self, channel_id, cursor=None, *, after=None, before=None):
        raw = self.get("/channel/videos/", with_optional({"id": channel_id, "hl": "en", "gl": "US"}, cursor=cursor),
                       expect=dict)
        with reading(self.source):
            return youtube138.parse_channel_videos(raw, channel_id=channel_id)

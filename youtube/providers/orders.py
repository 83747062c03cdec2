"""Which providers a flow tries for each operation, in which order.

Defaults are the FastAPI Beat's (the Data API with a key first, then the RapidAPI mirrors); the
BEAT_YOUTUBE_PROVIDER_ORDER setting overrides them per operation. Pages after the first stay on the
source that gave the page token: pass `source=`.
"""
from django.conf import settings

from beat.errors import Misconfigured
from youtube.providers import PROVIDERS, YoutubeProvider
from youtube.providers import base as ops

KEY, V31, YT138, SEARCH, OAUTH = "ytapitoken", "yt-v31", "rapidapi-yt", "rapidapi-yt-search", "ytapi"

DEFAULT_ORDER: dict[str, tuple[str, ...]] = {
    ops.CHANNELS: (KEY, V31, YT138),
    ops.CHANNEL_BY_HANDLE: (KEY,),
    ops.VIDEOS: (KEY, V31),
    ops.PLAYLIST_VIDEOS: (KEY, V31),
    ops.CHANNEL_VIDEOS: (KEY, V31, YT138),
    ops.SEARCH: (KEY, V31, SEARCH),
    ops.COMMENTS: (KEY, SEARCH, V31),
    ops.ACTIVITIES: (KEY,),
    ops.SUBSCRIPTIONS: (KEY,),
    ops.AUDIENCE: (OAUTH,),  # the channel's own grant: nobody else has its audience
}


def providers_for(operation: str, *, source: str | None = None) -> list[type[YoutubeProvider]]:
    if operation not in ops.OPERATIONS:
        raise Misconfigured(f"unknown YouTube operation {operation!r}")
    if source is not None:
        if source not in PROVIDERS:
            raise Misconfigured(f"unknown YouTube source {source!r}")
        return [PROVIDERS[source]]  # a page token belongs to the source that gave it
    names = (getattr(settings, "BEAT_YOUTUBE_PROVIDER_ORDER", None) or {}).get(operation, DEFAULT_ORDER[operation])
    unknown = [name for name in names if name not in PROVIDERS]
    if unknown:
        raise Misconfigured(f"the {operation} order names unknown YouTube sources: {', '.join(unknown)}")
    return [PROVIDERS[name] for name in names]

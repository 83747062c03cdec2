"""YouTube's upstream clients, one module per API, all on the interface of base.py.

PROVIDERS maps each credential source to its class; orders.providers_for(operation) gives a flow the
classes to try, in the configured fallback order.
"""
from youtube.providers.base import YoutubeProvider
from youtube.providers.rapidapi import RapidApiYtSearch, YtV31
from youtube.providers.youtube138 import YouTube138
from youtube.providers.ytapi import YtApi
from youtube.providers.ytapitoken import YtApiToken

PROVIDERS: dict[str, type[YoutubeProvider]] = {
    cls.source: cls for cls in (YtApiToken, YtApi, YtV31, YouTube138, RapidApiYtSearch)
}

__all__ = ["PROVIDERS", "RapidApiYtSearch", "YouTube138", "YoutubeProvider", "YtApi", "YtApiToken", "YtV31"]

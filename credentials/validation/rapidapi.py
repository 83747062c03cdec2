"""RapidAPI YouTube mirrors: the cheapest read each one has (Instagram's listings are checked through
their provider classes, instagram.validators).

The stored credential JSON's RapidAPI headers (X-RapidAPI-Key, X-RapidAPI-Host) are sent, as the
FastAPI Beat did, and none of its other keys. Reference: docs.rapidapi.com and tests/fixtures/README.md
sections 6, 8.
A NotFound for the probed entity still proves the key works.
"""
from urllib.parse import urlsplit

from beat.errors import NotFound
from beat.http import call
from beat.providers.base import RAPIDAPI_HEADERS, headers_from
from credentials.validation.base import Validation, base_url, validator

NASA_CHANNEL = "UCLA_DiR1FfKNvjuUpBHmylQ"
# source -> (path, params) of one cheap read, as the FastAPI Beat's crawler called each host
PROBES = {
    "yt-v31": ("/channels", {"part": "id", "id": NASA_CHANNEL}),
    "rapidapi-yt": ("/channel/details/", {"id": NASA_CHANNEL}),
    "rapidapi-yt-search": ("/channels", {"part": "id", "id": NASA_CHANNEL}),
}


@validator(*PROBES)
def validate_rapidapi_key(lease, ctx) -> Validation:
    path, params = PROBES[lease.source]
    url = base_url(lease.source)
    headers = {"X-RapidAPI-Host": urlsplit(url).hostname or "", **headers_from(lease.secret, RAPIDAPI_HEADERS)}
    try:
        call("GET", url + path, source=lease.source, error_family="rapidapi", params=params,
             headers=headers, credential_id=lease.id, ctx=ctx)
    except NotFound:
        pass  # the gateway let the key through; the probed entity is simply not there
    return Validation(is_valid=True)

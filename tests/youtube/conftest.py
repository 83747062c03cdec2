"""Shared by the YouTube tests: every YouTube upstream pointed at one fake server, credentials as real rows."""
import pytest

from credentials.services import credential_upsert

NASA = "UCLA_DiR1FfKNvjuUpBHmylQ"
KEY = {"key": "AIzaTestKeyForBeatTestsOnly0123456789"}
RAPIDAPI = {"X-RapidAPI-Key": "rapid-key-for-tests-0123456789"}
OAUTH = {"refresh_token": "1//test-refresh-token-not-real", "client_id": "test-client.apps.googleusercontent.com",
         "client_secret": "test-client-secret-not-real", "channel_id": NASA}
SECRETS = {"ytapitoken": KEY, "ytapi": OAUTH}
BASE_URLS = ("BEAT_YOUTUBE_BASE_URL", "BEAT_GOOGLE_OAUTH_BASE_URL", "BEAT_YOUTUBE_ANALYTICS_BASE_URL",
             "BEAT_RAPIDAPI_YT_V31_BASE_URL", "BEAT_RAPIDAPI_YT_BASE_URL", "BEAT_RAPIDAPI_YT_SEARCH_BASE_URL")


@pytest.fixture
def upstream(fake_upstream, settings):
    fake_upstream.point(settings, *BASE_URLS)
    return fake_upstream


def credential(source: str, *, handle: str = ""):
    return credential_upsert(source=source, credentials=SECRETS.get(source, RAPIDAPI), handle=handle)[0]

"""Shared by the YouTube tests: every YouTube upstream pointed at one fake server, credentials as real rows."""
import threading

import pytest
from django.db import connection

from beat.queue.claim import claim_next
from beat.queue.runner import run
from credentials.services import credential_upsert
from tests.accounts.factories import key_client, new_key

NASA = "UCLA_DiR1FfKNvjuUpBHmylQ"
KEY = {"key": "AIzaTestKeyForBeatTestsOnly0123456789"}
RAPIDAPI = {"X-RapidAPI-Key": "rapid-key-for-tests-0123456789"}
OAUTH = {"refresh_token": "1//test-refresh-token-not-real", "client_id": "test-client.apps.googleusercontent.com",
         "client_secret": "test-client-secret-not-real", "channel_id": NASA}
SECRETS = {"ytapitoken": KEY, "ytapi": OAUTH}
# Google's own APIs at the root (their paths differ: /channels, /token, /reports); each RapidAPI mirror
# under its own prefix, so a test can tell whom a request went to.
V31, YT138, V311 = "/v31", "/yt138", "/v311"


@pytest.fixture
def upstream(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_YOUTUBE_BASE_URL", "BEAT_GOOGLE_OAUTH_BASE_URL",
                        "BEAT_YOUTUBE_ANALYTICS_BASE_URL")
    fake_upstream.point(settings, "BEAT_RAPIDAPI_YT_V31_BASE_URL", prefix=V31)
    fake_upstream.point(settings, "BEAT_RAPIDAPI_YT_BASE_URL", prefix=YT138)
    fake_upstream.point(settings, "BEAT_RAPIDAPI_YT_SEARCH_BASE_URL", prefix=V311)
    return fake_upstream


def credential(source: str, *, handle: str = ""):
    return credential_upsert(source=source, credentials=SECRETS.get(source, RAPIDAPI), handle=handle)[0]


@pytest.fixture
def api(account):
    """An APIClient with a key of the 'acme' account (tests/conftest.py)."""
    return key_client(new_key(account)[1])


@pytest.fixture
def worker(transactional_db, settings):
    """A worker thread running YouTube tasks as they come (the views wait on their rows)."""
    settings.BEAT_API_REFRESH_WAIT = 15
    stop = threading.Event()

    def loop():
        try:
            while not stop.is_set():
                task = claim_next(queue="youtube", worker="yt-api-tests")
                if task is None:
                    stop.wait(0.02)
                else:
                    run(task)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name="yt-api-tests-worker", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(10)

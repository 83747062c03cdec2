"""GET /profiles/{platform}/byhandle/{handle}/history: the profile_log snapshots, for charts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from instagram.models import ProfileLog
from tests.instagram.factories import InstagramAccountFactory

pytestmark = pytest.mark.django_db


def snapshot(days_ago: float, profile_id="100", handle="nasa", **metrics):
    return ProfileLog.objects.create(profile_id=profile_id, handle=handle, metrics=metrics, source="lama",
                                     parser_version="t", timestamp=timezone.now() - timedelta(days=days_ago))


def test_history_lists_the_snapshots_of_the_last_days_oldest_first(api):
    InstagramAccountFactory(profile_id="100", handle="nasa")
    snapshot(40, followers=1)
    snapshot(2, followers=30, following=5, media_count=7)
    snapshot(1, followers=31)
    snapshot(0.5)  # a state-only snapshot (private, not found): no figures
    snapshot(1, profile_id="999", handle="someone_else", followers=5)
    body = api.get("/profiles/INSTAGRAM/byhandle/nasa/history").json()
    assert (body["handle"], body["profile_id"], body["count"]) == ("nasa", "100", 2)
    assert [(s["followers"], s["following"], s["media_count"]) for s in body["data"]] == [(30, 5, 7), (31, None, None)]
    assert body["data"][0]["source"] == "lama"
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa/history?days=60").json()["count"] == 3


def test_history_follows_the_account_not_earlier_owners_of_the_handle(api):
    InstagramAccountFactory(profile_id="100", handle="nasa")
    snapshot(1, profile_id="55", handle="nasa", followers=999)  # the handle's former owner
    snapshot(1, followers=10)
    assert [s["followers"] for s in api.get("/profiles/INSTAGRAM/byhandle/nasa/history").json()["data"]] == [10]


def test_history_is_paginated(api):
    InstagramAccountFactory(profile_id="100", handle="nasa")
    for n in range(5):
        snapshot(5 - n, followers=n)
    page = api.get("/profiles/INSTAGRAM/byhandle/nasa/history?size=2&page=2").json()
    assert [s["followers"] for s in page["data"]] == [2, 3]
    assert page["count"] == 5 and page["next"] and page["previous"]


def test_history_of_an_unknown_handle_is_404_and_bad_days_400(api):
    assert api.get("/profiles/INSTAGRAM/byhandle/nobody/history").status_code == 404
    response = api.get("/profiles/INSTAGRAM/byhandle/nasa/history?days=0")
    assert response.status_code == 400 and "days" in response.json()["error"]["details"]


def test_history_needs_a_key(client):
    assert client.get("/profiles/INSTAGRAM/byhandle/nasa/history").status_code == 401

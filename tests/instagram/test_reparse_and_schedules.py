"""`reparse` rebuilds accounts from stored raw answers with no upstream call; the weekly refresh
schedules pick the stalest accounts per group and mark them."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from instagram.models import InstagramAccount, ProfileLog
from instagram.schedules import refresh_stale_creators, refresh_stale_others
from tests.instagram.factories import InstagramAccountFactory
from tests.instagram.test_flows_kit import NASA, credential, run_flow
from tests.instagram.test_flows_profiles import serve_nasa

pytestmark = pytest.mark.django_db


def reparse(*args) -> str:
    err = StringIO()
    call_command("reparse", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def refreshed(upstream):
    """nasa refreshed through the real flow (arraybobo answered), then its row damaged."""
    credential("rapidapi-arraybobo"), credential("rapidapi-jotucker")
    serve_nasa(upstream)
    assert run_flow("refresh_profile_by_handle", {"handle": "nasa"}).status == Status.COMPLETE
    InstagramAccount.objects.filter(profile_id=NASA).update(followers=1, full_name="damaged", biography="x")
    return upstream


def test_reparse_rebuilds_accounts_from_snapshots_without_calling_upstream(refreshed):
    calls_before, snapshots_before = len(refreshed.requests), ProfileLog.objects.count()
    refreshed_at = ProfileLog.objects.latest("timestamp").timestamp
    err = reparse("instagram")
    account = InstagramAccount.objects.get(profile_id=NASA)
    assert account.followers == 97831245 and account.full_name != "damaged" and account.biography != "x"
    assert account.refreshed_at == refreshed_at  # the snapshot's time, not the reparse's
    assert len(refreshed.requests) == calls_before  # the fake upstream received nothing more
    assert ProfileLog.objects.count() == snapshots_before  # history is not rewritten
    assert "instagram: 1 snapshots read, 1 profiles rebuilt, 0 unreadable, 0 skipped" in err


def test_reparse_skips_state_snapshots_and_unknown_sources(refreshed):
    ProfileLog.objects.create(handle="ghost", dimensions={"state": "not_found"}, parser_version="1")
    ProfileLog.objects.create(handle="odd", source="no-such-source", raw={"x": 1}, parser_version="1")
    ProfileLog.objects.create(handle="junk", source="rapidapi-arraybobo", raw={"unexpected": True},
                              parser_version="1")
    err = reparse()
    assert "1 profiles rebuilt, 1 unreadable, 2 skipped" in err


def test_the_weekly_refresh_queues_the_stalest_creators_and_others_apart_and_marks_them():
    now = timezone.now()
    old = [InstagramAccountFactory(profile_type="creator", refreshed_at=now - timedelta(days=d)) for d in (8, 30)]
    InstagramAccountFactory(profile_type="creator", refreshed_at=now - timedelta(days=2))  # fresh enough
    InstagramAccountFactory(profile_type="creator", refreshed_at=None, state="not_found")  # an answer, left
    other = InstagramAccountFactory(profile_type="business", refreshed_at=None)
    assert refresh_stale_creators() == 2
    tasks = list(ScrapeRequestLog.objects.order_by("id"))
    assert [t.params["handle"] for t in tasks] == [old[1].handle, old[0].handle]  # stalest first
    assert {(t.flow, t.priority) for t in tasks} == {("refresh_profile_by_handle", 1)}
    assert all(timedelta(minutes=59) < t.expires_at - now <= timedelta(hours=1, seconds=5) for t in tasks)
    assert all(a.refreshed_at >= now for a in InstagramAccount.objects.filter(pk__in=[a.pk for a in old]))
    assert refresh_stale_creators() == 0  # marked: not picked again next time
    assert refresh_stale_others() == 1 and ScrapeRequestLog.objects.last().params["handle"] == other.handle


def test_the_weekly_refresh_takes_at_most_a_thousand_accounts(monkeypatch):
    monkeypatch.setattr("instagram.schedules.BATCH", 3)
    for _ in range(5):
        InstagramAccountFactory(profile_type="personal", refreshed_at=None)
    assert refresh_stale_others() == 3 and refresh_stale_others() == 2

"""`reparse` rebuilds accounts and posts from stored raw answers with no upstream call; the weekly
refresh schedules pick the stalest accounts per group and mark them."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from instagram.models import InstagramAccount, InstagramPost, PostLog, ProfileLog
from instagram.schedules import refresh_stale_creators, refresh_stale_others
from tests.instagram.factories import InstagramAccountFactory
from tests.instagram.test_answers_as_fastapi import STORY_REEL
from tests.instagram.test_flows_kit import NASA, NODE, credential, recent, run_flow
from tests.instagram.test_flows_posts import connection, node
from tests.instagram.test_flows_profiles import FEED_CURSOR, serve_nasa

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


def post_rows() -> dict:
    """shortcode -> every stored column but the row's id and updated_at."""
    rows = InstagramPost.objects.values()
    return {row["shortcode"]: {k: v for k, v in row.items() if k not in ("id", "updated_at")} for row in rows}


def every_shape(upstream, settings):
    """Posts stored from every item shape, each by the real flow: mobile feed items (jotucker), mobile
    clips and a story (arraybobo), web nodes (arraybobo's post_info and tagged), instagrapi Media
    (lama's chunks) and Graph media (business discovery)."""
    credential("rapidapi-arraybobo"), credential("rapidapi-jotucker")
    serve_nasa(upstream)
    upstream.route("GET", "/ig/post_info/", fixture="rapidapi/arraybobo_post_info.json")
    upstream.route("GET", "/ig/tagged/", body={"status": "ok", "data": {"user": connection(
        "edge_user_to_photos_of_you", [node("TAG01"), node("TAG02", owner="72")], None)}})
    upstream.route("GET", "/ig/stories/", body=STORY_REEL)
    upstream.route("GET", "/v1/user/medias/chunk", body=recent("lama/v1_user_medias_chunk.json"))
    upstream.route("GET", "/v1/user/medias/chunk", query={"end_cursor": FEED_CURSOR},
                   body=recent("lama/v1_user_medias_chunk_last.json"))
    upstream.route("GET", NODE, body=recent("instagram_graph/business_discovery.json"))
    flows = [(None, "refresh_profile_by_handle", {"handle": "nasa"}),
             (None, "refresh_post_by_shortcode", {"shortcode": "DGsL4rTR2mQ"}),
             (None, "refresh_tagged_posts_by_profile_id", {"profile_id": NASA}),
             (None, "refresh_story_posts_by_profile_id", {"profile_id": NASA, "handle": "nasa"}),
             ("graphapi", "refresh_profile_basic", {"handle": "nasa"}),
             ("lama", "refresh_profile_custom", {"profile_id": NASA, "max_posts": 100})]
    for source, flow, params in flows:
        if source:  # a source added for the one flow it is meant to answer (lama: the posts walk)
            credential(source)
            settings.BEAT_INSTAGRAM_PROVIDER_ORDER = {"posts": [source]}
        task = run_flow(flow, params)
        assert task.status == Status.COMPLETE, (flow, task.data)


def test_reparse_rebuilds_posts_from_their_snapshots_raw_items_without_calling_upstream(upstream, settings):
    every_shape(upstream, settings)
    stored, calls_before, snapshots_before = post_rows(), len(upstream.requests), PostLog.objects.count()
    sources = set(PostLog.objects.values_list("source", flat=True))
    assert sources == {"rapidapi-jotucker", "rapidapi-arraybobo", "lama", "graphapi"}
    assert len(stored) >= 10 and InstagramPost.objects.filter(post_type="story").exists()
    # a wrong value where one was stored, none elsewhere (a rebuild never writes a null over a value)
    InstagramPost.objects.update(comments=None, publish_time=None, tagged_users=None, thumbnail_url=None,
                                 location=None, keywords=None)
    for field, wrong in (("caption", "damaged"), ("likes", 1), ("handle", "damaged"), ("post_type", "image")):
        InstagramPost.objects.filter(**{f"{field}__isnull": False}).update(**{field: wrong})
    err = reparse("instagram")
    assert post_rows() == stored  # every column as the flows stored it, keywords and refreshed_at included
    assert len(upstream.requests) == calls_before  # the fake upstream received nothing more
    assert PostLog.objects.count() == snapshots_before  # history is not rewritten
    assert f"{snapshots_before} post snapshots read, {len(stored)} posts rebuilt, 0 post snapshots unreadable, " \
           "0 post snapshots skipped" in err


def test_reparse_skips_state_snapshots_and_unknown_sources(refreshed):
    ProfileLog.objects.create(handle="ghost", dimensions={"state": "not_found"}, parser_version="1")
    ProfileLog.objects.create(handle="odd", source="no-such-source", raw={"x": 1}, parser_version="1")
    ProfileLog.objects.create(handle="junk", source="rapidapi-arraybobo", raw={"unexpected": True},
                              parser_version="1")
    PostLog.objects.create(shortcode="NORAW", source="rapidapi-jotucker", parser_version="1")
    PostLog.objects.create(shortcode="ODD", source="no-such-source", raw={"code": "ODD"}, parser_version="1")
    PostLog.objects.create(shortcode="JUNK", source="lama", raw={"code": "JUNK"}, parser_version="1")
    err = reparse()
    assert "1 profiles rebuilt, 1 unreadable, 2 skipped" in err
    assert "1 post snapshots unreadable, 2 post snapshots skipped" in err  # beside nasa's, all readable


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

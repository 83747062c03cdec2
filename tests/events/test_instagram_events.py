"""Instagram's events: one per profile_log, post_log, relationship and activity row, written with it,
carrying the FastAPI Beat's payload keys and the account of the task that wrote the data."""
import pytest
from django.db import transaction

from accounts.models import Account
from beat.events import message
from beat.models import OutboxEvent, ScrapeRequestLog
from instagram import services
from tests.instagram.factories import (CommentRecordFactory, LikerRecordFactory, PostRecordFactory,
                                       ProfileRecordFactory, RelationshipRecordFactory)

pytestmark = pytest.mark.django_db
NASA = "528817150"
COMMON = {"event_id", "source", "platform", "profile_id", "event_timestamp", "metrics", "dimensions", "task_id"}


def events(key):
    return [(row.account_id, message(row)) for row in OutboxEvent.objects.filter(routing_key=key).order_by("id")]


@pytest.fixture
def task():
    account = Account.objects.create(name="acme", slug="acme")
    return ScrapeRequestLog.objects.create(platform="INSTAGRAM", flow="refresh_profile_by_handle", account=account)


def test_a_profile_refresh_emits_a_profile_event_and_one_post_event_per_post(task):
    profile = ProfileRecordFactory(profile_id=NASA, handle="NASA", followers=100)
    posts = PostRecordFactory.build_batch(3, profile_id=NASA, handle="nasa")
    services.profile_upsert(record=profile, source="lama", raw={}, task_id=task.pk)
    services.posts_upsert(records=posts, source="lama", refreshed_profile_id=NASA, task_id=task.pk)

    ((account_id, profile_event),) = events("profile_log_events")
    assert account_id == task.account_id
    assert COMMON | {"handle", "kind"} <= set(profile_event)
    assert (profile_event["profile_id"], profile_event["handle"], profile_event["metrics"]["followers"],
            profile_event["source"], profile_event["platform"]) == (NASA, "nasa", 100, "lama", "INSTAGRAM")
    post_events = [event for _, event in events("post_log_events")]
    assert [e["shortcode"] for e in post_events] == [p.shortcode for p in posts]
    assert all(COMMON | {"handle", "shortcode", "publish_time"} <= set(e) for e in post_events)
    assert post_events[0]["publish_time"] == posts[0].publish_time.isoformat()


def test_followers_and_comments_emit_an_event_per_stored_row(task):
    followers = RelationshipRecordFactory.build_batch(2) + [RelationshipRecordFactory(profile_id=None)]
    services.relationships_upsert(profile_id=NASA, relation="follower", records=followers, source="lama",
                                  task_id=task.pk)
    services.activities_upsert(shortcode="DAx1", records=CommentRecordFactory.build_batch(2)
                               + LikerRecordFactory.build_batch(1), source="lama", task_id=task.pk)
    relationship_events = [e for _, e in events("profile_relationship_log_events")]
    assert [(e["profile_id"], e["relation"], e["target_profile_id"]) for e in relationship_events] == [
        (NASA, "follower", f.profile_id) for f in followers[:2]]
    activity_events = events("post_activity_log_events")
    assert [e["activity_type"] for _, e in activity_events] == ["comment", "comment", "like"]
    assert {account for account, _ in activity_events} == {task.account_id}
    assert all(COMMON | {"shortcode"} <= set(e) for _, e in activity_events)


def test_data_rolled_back_takes_its_events_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA), source="lama")
        raise RuntimeError("the flow failed after storing")
    assert not OutboxEvent.objects.exclude(routing_key="scrape_request_log_events").exists()

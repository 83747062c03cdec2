"""manage.py amqp_bridge against the real RabbitMQ: inbound messages become tasks (acknowledged after
the task row commits), bad ones are dead-lettered with their reason, outbox events reach bound queues
after commit only, and a broker that goes away loses nothing."""
import json
import subprocess
import time
import uuid

import pika
import pytest
from django.db import transaction

from beat.amqp.topology import DEAD_LETTER_QUEUE, INBOUND, declare
from beat.events import emit
from beat.flows import get_flow
from beat.models import OutboxEvent, ScrapeRequestLog
from beat.queue import services
from tests.amqp.conftest import drain, wait_for
from tests.amqp.proxy import Proxy

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = {
    "credentials_validate_q": {"id": 7},
    "identity_token_q": {"handle": "nasa", "access_token": "EAAB-pushed-token-123", "ig_user_id": "17841400"},
    "keyword_collection_q": {"job_id": "j1", "platform": "INSTAGRAM", "keywords": ["moon"],
                             "start_date": "2026-01-01", "end_date": "2026-01-31"},
    "sentiment_analysis_q": {"platform": "INSTAGRAM", "activity_type": "comment",
                             "post_activity_logs": [{"text": "lovely"}]},
    "sentiment_collection_report_in_q": {"collectionType": "POST", "collectionId": "6f1c1d2e-0b7a-4c55-9a53-2f0e8f6f4e42"},
}


def publish(channel, inbound, body, message_id=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    channel.basic_publish(exchange=inbound.exchange, routing_key=inbound.routing_key, body=data,
                          properties=pika.BasicProperties(message_id=message_id, delivery_mode=2))


def dead_letters(channel, count):
    return drain(channel, DEAD_LETTER_QUEUE, lambda got: len(got) >= count)


@pytest.mark.timeout(90)
def test_a_message_on_each_inbound_queue_becomes_its_task_or_says_its_flow_is_not_built(broker, bridge):
    declare(broker)
    bridge()
    for inbound in INBOUND:
        publish(broker, inbound, MESSAGES[inbound.queue])
    built = [i for i in INBOUND if get_flow(i.flow).implemented]
    assert {i.flow for i in built} >= {"credentials_validate", "upsert_credential_from_identity"}
    tasks = wait_for(lambda: ScrapeRequestLog.objects.count() == len(built) and list(ScrapeRequestLog.objects.all()))
    assert sorted(t.flow for t in tasks) == sorted(i.flow for i in built)
    by_flow = {t.flow: t for t in tasks}
    assert by_flow["credentials_validate"].params == {"credential_id": 7}
    identity = by_flow["upsert_credential_from_identity"].params
    assert identity["handle"] == "nasa" and identity["user_id"] == "17841400"
    assert identity["token"].startswith("sealed:") and "EAAB" not in json.dumps(identity)
    not_built = [i for i in INBOUND if i not in built]
    letters = dead_letters(broker, len(not_built))
    assert sorted(p.headers["x-beat-queue"] for _, p, _ in letters) == sorted(i.queue for i in not_built)
    assert all(p.headers["x-beat-reason"].startswith("not_implemented") for _, p, _ in letters)
    for inbound in INBOUND:  # everything was acknowledged: nothing waits, nothing is redelivered
        assert broker.queue_declare(queue=inbound.queue, passive=True).method.message_count == 0


@pytest.mark.timeout(60)
def test_each_inbound_queue_is_consumed_with_the_fastapi_beats_prefetch(broker, bridge, vhost):
    declare(broker)
    bridge()
    wait_for(lambda: broker.queue_declare(queue=INBOUND[-1].queue, passive=True).method.consumer_count == 1)
    listed = subprocess.run(["rabbitmqctl", "-q", "-s", "list_consumers", "-p", vhost, "queue_name",
                             "prefetch_count"], check=True, capture_output=True, text=True, timeout=60).stdout
    prefetch = dict(line.split("\t") for line in listed.strip().splitlines())
    assert {queue: int(n) for queue, n in prefetch.items()} == {
        "credentials_validate_q": 10, "identity_token_q": 10, "keyword_collection_q": 1,
        "sentiment_analysis_q": 1, "sentiment_collection_report_in_q": 1}


@pytest.mark.timeout(60)
def test_a_malformed_message_is_dead_lettered_with_its_reason_and_acknowledged(broker, bridge):
    declare(broker)
    bridge()
    validate = next(i for i in INBOUND if i.queue == "credentials_validate_q")
    publish(broker, validate, b"{not json", message_id="m1")
    publish(broker, validate, {"credential_id": "seven"}, message_id="m2")
    publish(broker, validate, [1, 2], message_id="m3")
    letters = dead_letters(broker, 3)
    reasons = {p.message_id: p.headers["x-beat-reason"] for _, p, _ in letters}
    assert reasons["m1"] == "body is not JSON"
    assert reasons["m2"].startswith("invalid_params") and "credential_id" in reasons["m2"]
    assert reasons["m3"] == "body is a JSON list, not an object"
    assert {body for _, _, body in letters if isinstance(body, bytes)} == {b"{not json"}
    assert ScrapeRequestLog.objects.count() == 0
    assert broker.queue_declare(queue=validate.queue, passive=True).method.message_count == 0


@pytest.mark.timeout(60)
def test_a_dead_lettered_identity_message_keeps_no_token(broker, bridge):
    declare(broker)
    bridge()
    identity = next(i for i in INBOUND if i.queue == "identity_token_q")
    publish(broker, identity, {"access_token": "EAAB-dead-letter-token-987"}, message_id="d1")  # no handle
    publish(broker, identity, b"token=EAAB-dead-letter-token-654&oops", message_id="d2")  # not JSON
    letters = dead_letters(broker, 2)
    assert {p.message_id for _, p, _ in letters} == {"d1", "d2"}
    assert "EAAB-dead-letter-token" not in repr([body for _, _, body in letters])
    assert ScrapeRequestLog.objects.count() == 0


@pytest.mark.timeout(60)
def test_a_message_delivered_twice_makes_one_task(broker, bridge):
    declare(broker)
    validate = next(i for i in INBOUND if i.queue == "credentials_validate_q")
    publish(broker, validate, {"credential_id": 3}, message_id="same")
    publish(broker, validate, {"credential_id": 3}, message_id="same")
    bridge()
    wait_for(lambda: broker.queue_declare(queue=validate.queue, passive=True).method.message_count == 0)
    time.sleep(0.5)
    assert ScrapeRequestLog.objects.filter(flow="credentials_validate").count() == 1


@pytest.mark.timeout(60)
def test_events_reach_a_bound_queue_with_their_routing_key_and_payload_keys(broker, bridge, bound_queue):
    queue = bound_queue("scrape_request_log_events", "profile_log_events")
    bridge()
    task, _ = services.submit("beat_echo", {"message": "hi"})
    emit("profile_log_events", {"platform": "INSTAGRAM", "profile_id": "1", "handle": "nasa",
                                "metrics": {"followers": 5}, "dimensions": {}})
    got = drain(broker, queue, lambda got: len(got) >= 2)
    by_key = {m.routing_key: (p, body) for m, p, body in got}
    properties, status_event = by_key["scrape_request_log_events"]
    assert (status_event["scrape_id"], status_event["status"]) == (task.pk, "PENDING")
    assert properties.delivery_mode == 2 and properties.content_type == "application/json"
    assert properties.message_id == status_event["event_id"]
    _, profile_event = by_key["profile_log_events"]
    assert {"event_id", "source", "platform", "profile_id", "handle", "event_timestamp", "metrics",
            "dimensions"} <= set(profile_event)
    assert wait_for(lambda: not OutboxEvent.objects.filter(published_at__isnull=True).exists())


@pytest.mark.timeout(60)
def test_no_event_is_published_for_a_transaction_that_rolled_back(broker, bridge, bound_queue):
    queue = bound_queue("profile_log_events")
    bridge()
    with pytest.raises(RuntimeError), transaction.atomic():
        emit("profile_log_events", {"profile_id": "rolled-back"})
        raise RuntimeError("roll back")
    emit("profile_log_events", {"profile_id": "committed"})
    got = drain(broker, queue, lambda got: any(b["profile_id"] == "committed" for _, _, b in got))
    time.sleep(0.5)
    got += drain(broker, queue, lambda got: True, timeout=0.5)
    assert [body["profile_id"] for _, _, body in got] == ["committed"]


@pytest.mark.timeout(120)
def test_the_broker_going_away_during_the_run_loses_no_event_and_no_message(broker, bridge, bound_queue):
    queue = bound_queue("post_log_events")
    validate = next(i for i in INBOUND if i.queue == "credentials_validate_q")
    declare(broker)
    proxy = Proxy().start()
    bridge(proxy)
    marks = [f"e{i}" for i in range(40)]
    for mark in marks[:10]:
        emit("post_log_events", {"shortcode": mark})
    got = drain(broker, queue, lambda got: len(got) >= 10)
    proxy.stop()  # the broker is gone for the bridge: open connection cut, new ones refused
    for mark in marks[10:]:
        emit("post_log_events", {"shortcode": mark})
    publish(broker, validate, {"credential_id": 11}, message_id=str(uuid.uuid4()))
    time.sleep(2)
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 30  # waiting, not lost
    proxy.start()
    got += drain(broker, queue, lambda more: {b["shortcode"] for _, _, b in got + more} >= set(marks), timeout=40)
    assert {body["shortcode"] for _, _, body in got} == set(marks)
    assert wait_for(lambda: ScrapeRequestLog.objects.filter(flow="credentials_validate").exists())
    assert wait_for(lambda: not OutboxEvent.objects.filter(published_at__isnull=True).exists())
    proxy.stop()

"""The bridge loop: one connection, one thread. Consumer callbacks run inside process_data_events;
between two waits the outbox is relayed on a transactional channel. Whatever the broker does (a restart,
a dropped connection), the bridge reconnects with backoff and loses nothing: an event is marked
published only after the broker committed it, and an inbound message is acknowledged only after its
task row committed (else the broker redelivers it, and its message id finds the same task)."""
import json
import logging
import threading
import time

import pika
from django.conf import settings
from django.db import DatabaseError, close_old_connections

from beat.amqp import inbound as inbound_messages
from beat.amqp.topology import DEAD_LETTER_EXCHANGE, INBOUND, declare
from beat.events import relay
from beat.events.scrub import scrub
from beat.http.redact import redact

log = logging.getLogger(__name__)
CONNECTION_ERRORS = (pika.exceptions.AMQPError, OSError)


class Bridge:
    def __init__(self, url: str, *, poll: float | None = None, consume: bool = True, publish: bool = True):
        self.params = pika.URLParameters(url)
        self.params.client_properties = {"connection_name": "beat.amqp_bridge"}
        self.poll = poll if poll is not None else settings.BEAT_AMQP_POLL_MS / 1000
        self.consume, self.publish_events = consume, publish
        self.stopping = threading.Event()
        self.connection = None
        self.out = None

    def stop(self, *_signal) -> None:
        self.stopping.set()

    def run(self) -> None:
        delay = 1.0
        while not self.stopping.is_set():
            try:
                self._connect()
                delay = 1.0
                log.info("amqp_bridge connected to %s:%s", self.params.host, self.params.port)
                self._loop()
            except (*CONNECTION_ERRORS, DatabaseError) as exc:
                # either way unacknowledged messages go back to their queues and uncommitted events stay
                # in the outbox: start over with fresh connections
                lost = "database" if isinstance(exc, DatabaseError) else "broker"
                log.warning("amqp_bridge lost the %s (%s); starting over in %.0f s", lost, type(exc).__name__, delay)
                self._close()
                close_old_connections()
                self.stopping.wait(delay)
                delay = min(delay * 2, settings.BEAT_AMQP_RECONNECT_MAX)
        self._close()

    def _connect(self) -> None:
        self.connection = pika.BlockingConnection(self.params)
        setup = self.connection.channel()
        declare(setup)
        setup.close()
        self.out = self.connection.channel()
        # a transaction per outbox batch: tx_commit returns once the broker holds every message of it
        # (one round trip and one disk flush per batch; per-message confirms cost one each)
        self.out.tx_select()
        if self.consume:
            channel = self.connection.channel()
            for entry in INBOUND:
                channel.basic_qos(prefetch_count=entry.prefetch)  # per consumer: the FastAPI Beat's values
                channel.basic_consume(queue=entry.queue, on_message_callback=self._handler(entry))

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.connection.process_data_events(time_limit=self.poll)
            if self.publish_events:
                close_old_connections()
                while relay.relay_once(self._publish, self.out.tx_commit) == relay.BATCH:
                    self.connection.process_data_events(time_limit=0)

    def _publish(self, exchange: str, routing_key: str, body: dict) -> None:
        self.out.basic_publish(
            exchange=exchange, routing_key=routing_key, body=json.dumps(body).encode(), mandatory=False,
            properties=pika.BasicProperties(content_type="application/json", delivery_mode=2,
                                            message_id=body.get("event_id"), type=routing_key))

    def _handler(self, entry):
        def on_message(channel, method, properties, body):
            close_old_connections()
            try:
                task = inbound_messages.to_task(entry, body, properties.message_id)
            except inbound_messages.Malformed as reason:
                self._dead_letter(channel, entry, properties, body, str(reason))
                self.out.tx_commit()  # the dead letter is safe before the message is let go
                channel.basic_ack(method.delivery_tag)
                return
            except Exception:
                # not the message's fault (the database is away): back to the queue, tried again later
                log.exception("amqp_bridge could not store a message of %s; it stays queued", entry.queue)
                channel.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(1)
                return
            channel.basic_ack(method.delivery_tag)
            log.info("amqp_bridge: %s message -> task #%s (%s)", entry.queue, task.pk, task.flow)

        return on_message

    def _dead_letter(self, channel, entry, properties, body, reason: str) -> None:
        headers = {**(properties.headers or {}), "x-beat-reason": reason, "x-beat-queue": entry.queue}
        log.warning("amqp_bridge dead-lettered a message of %s: %s", entry.queue, reason)
        self.out.basic_publish(exchange=DEAD_LETTER_EXCHANGE, routing_key=entry.queue, body=without_secrets(body),
                               properties=pika.BasicProperties(headers=headers, delivery_mode=2,
                                                               content_type=properties.content_type,
                                                               message_id=properties.message_id))

    def _close(self) -> None:
        try:
            if self.connection is not None and self.connection.is_open:
                self.connection.close()
        except CONNECTION_ERRORS:
            pass
        self.connection = self.out = None


def without_secrets(body: bytes) -> bytes:
    """A dead letter keeps what an operator needs to see why it failed, never a token it carried: a
    JSON body with its secret fields blanked, any other body with its secret parameters blanked."""
    try:
        return json.dumps(scrub(json.loads(body))).encode()
    except (ValueError, UnicodeDecodeError):
        return redact(body.decode("utf-8", "replace")).encode()

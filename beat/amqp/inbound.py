"""An inbound message becomes its task (beat.queue.services.submit, by the system), or is refused
with a reason that the bridge puts on the dead letter. A message's id (AMQP message_id) is the task's
idempotency key, so a message redelivered after its task committed (a crash before the ack) is
the same task, not a second one."""
import json

from beat.amqp.topology import Inbound
from beat.errors import BeatError
from beat.flows import Submitter
from beat.queue import services

MAX_BODY = 1_048_576


class Malformed(Exception):
    """The message can never become a task: it goes to the dead-letter queue with this reason."""


def params_of(inbound: Inbound, body: bytes) -> dict:
    if len(body) > MAX_BODY:
        raise Malformed(f"body larger than {MAX_BODY} bytes")
    try:
        message = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("body is not JSON") from None
    if not isinstance(message, dict):
        raise Malformed(f"body is a JSON {type(message).__name__}, not an object")
    for field, param in inbound.aliases:
        if field in message and param not in message:
            message[param] = message.pop(field)
    return message


def to_task(inbound: Inbound, body: bytes, message_id: str | None = None):
    """The task (created, or the one this message made before); Malformed when it cannot be one.
    Any other error (the database is away) propagates: the message is not acknowledged."""
    params = params_of(inbound, body)
    key = f"amqp:{inbound.queue}:{message_id}"[:200] if message_id else None
    try:
        task, _created = services.submit(inbound.flow, params, idempotency_key=key, by={Submitter.SYSTEM})
    except BeatError as exc:  # unknown flow, not built, bad params: the message itself is wrong
        details = f" {json.dumps(exc.details, sort_keys=True)}" if getattr(exc, "details", None) else ""
        raise Malformed(f"{exc.code}: {exc}{details}"[:1000]) from None
    return task

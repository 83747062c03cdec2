"""What the bridge declares: the FastAPI Beat's exchanges (direct, durable), its five inbound queues
and their bindings (DESIGN.md), with the FastAPI Beat's prefetch, and one dead-letter queue."""
from dataclasses import dataclass

EXCHANGES = ("beat.dx", "identity.dx", "coffee.dx")
DEAD_LETTER_EXCHANGE = "beat.dlx"  # fanout: every dead letter lands in DEAD_LETTER_QUEUE
DEAD_LETTER_QUEUE = "beat_dead_letter_q"


@dataclass(frozen=True)
class Inbound:
    queue: str
    exchange: str
    routing_key: str
    flow: str
    prefetch: int
    aliases: tuple = ()  # (message field, param name): the FastAPI Beat's producers' own field names


INBOUND = (
    Inbound("credentials_validate_q", "beat.dx", "credentials_validate", "credentials_validate", 10,
            aliases=(("id", "credential_id"),)),
    Inbound("identity_token_q", "identity.dx", "new_access_token_rk", "upsert_credential_from_identity", 10,
            aliases=(("access_token", "token"), ("ig_user_id", "user_id"), ("instagram_user_id", "user_id"))),
    Inbound("keyword_collection_q", "beat.dx", "keyword_collection_rk", "fetch_keyword_collection", 1),
    Inbound("sentiment_analysis_q", "beat.dx", "post_activity_log_bulk", "sentiment_extraction", 1),
    Inbound("sentiment_collection_report_in_q", "beat.dx", "sentiment_collection_report_in_rk",
            "fetch_sentiment_report", 1),
)


def declare(channel) -> None:
    """Idempotent: declaring what exists with the same arguments is a no-op for the broker."""
    for name in EXCHANGES:
        channel.exchange_declare(exchange=name, exchange_type="direct", durable=True)
    channel.exchange_declare(exchange=DEAD_LETTER_EXCHANGE, exchange_type="fanout", durable=True)
    channel.queue_declare(queue=DEAD_LETTER_QUEUE, durable=True)
    channel.queue_bind(queue=DEAD_LETTER_QUEUE, exchange=DEAD_LETTER_EXCHANGE)
    for inbound in INBOUND:
        channel.queue_declare(queue=inbound.queue, durable=True)
        channel.queue_bind(queue=inbound.queue, exchange=inbound.exchange, routing_key=inbound.routing_key)

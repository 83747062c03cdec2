"""The events enrichment emits, with the FastAPI Beat's exchanges, routing keys and payload keys.

Each payload is built by one function here. Publishing is not wired yet: the outbox (written in the
same transaction as the data, published after commit) is a later piece of work; until then emit()
only logs what would be sent, at debug level, and never a secret (no payload holds one).
"""
import logging
import uuid

from django.utils import timezone

logger = logging.getLogger(__name__)

BEAT = "beat.dx"
COFFEE = "coffee.dx"


def emit(exchange: str, routing_key: str, payload: dict) -> None:
    logger.debug("event %s/%s not published (no outbox yet): %s", exchange, routing_key, payload.get("event_id", ""))


def _stamp() -> dict:
    return {"event_id": str(uuid.uuid4()), "event_timestamp": timezone.now().strftime("%Y-%m-%d %H:%M:%S")}


def profile_log_event(*, handle: str, profile_id: str | None, source: str, dimensions: dict, metrics: dict) -> dict:
    """profile_log_events (beat.dx): a GPT answer is a profile log of source openapi_<prompt version>."""
    return {**_stamp(), "source": source, "platform": "INSTAGRAM", "profile_id": profile_id or handle,
            "handle": handle, "metrics": metrics, "dimensions": dimensions}


def sentiment_log_event(*, platform: str, shortcode: str, comment_id: str, comment: str, sentiment: str,
                        score: float, source: str) -> dict:
    """sentiment_log_events (beat.dx)."""
    return {**_stamp(), "source": source, "platform": platform, "shortcode": shortcode, "comment_id": comment_id,
            "comment": comment, "sentiment": sentiment, "score": score, "metrics": {}, "dimensions": {}}


def sentiment_report_completion(*, collection_type: str, collection_id: str, path: str, bucket: str) -> dict:
    """sentiment_collection_report_out_rk (coffee.dx)."""
    return {"collectionType": collection_type, "collectionId": collection_id, "sentimentReportPath": path,
            "sentimentReportBucket": bucket}


def keyword_report_completion(*, job_id: str, path: str, demographic_path: str, bucket: str) -> dict:
    """keyword_collection_report_completion (coffee.dx)."""
    return {"job_id": job_id, "report_asset": {"path": path, "bucket": bucket},
            "demographic_report_asset": {"path": demographic_path, "bucket": bucket}}

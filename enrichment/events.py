"""The events enrichment emits, with the FastAPI Beat's exchanges, routing keys and payload keys.

Each payload is built by one function here; emit() and emit_many() write them to the core outbox
(beat.events), which publishes after commit. task_id names the task whose work it is, so that its
account's webhooks receive them.
"""
import uuid

from django.utils import timezone

from beat import events as outbox

BEAT = "beat.dx"
COFFEE = "coffee.dx"


def emit(exchange: str, routing_key: str, payload: dict, *, task_id: int | None = None) -> None:
    outbox.emit(routing_key, payload, exchange=exchange, task_id=task_id)


def emit_many(exchange: str, routing_key: str, payloads: list[dict], *, task_id: int | None = None) -> int:
    return outbox.emit_many(routing_key, payloads, exchange=exchange, task_id=task_id)


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

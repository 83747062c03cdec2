"""Event payloads of the YouTube flows, with the FastAPI Beat's keys (DESIGN "Events and integrations").

Built here, in one place; the flows write them to the outbox (beat.events.emit) in the same
transaction as the data they are about.
"""
from youtube.records import CommentRecord

PLATFORM = "YOUTUBE"


def post_activity_log_bulk(*, shortcode: str, comments: list[CommentRecord], source: str | None,
                           task_id: int | None) -> dict:
    """One page of comments, for the sentiment pipeline (beat.dx, routing key post_activity_log_bulk; read
by enrichment's sentiment_extraction, enrichment.sentiment.payload)."""
    return {
        "platform": PLATFORM, "activity_type": "COMMENT", "shortcode": shortcode, "source": source,
        "scrape_id": task_id,
        "post_activity_logs": [{
            "activity_type": "comment", "activity_id": c.comment_id, "comment_id": c.comment_id,
            "shortcode": shortcode, "channel_id": c.channel_id, "actor_profile_id": c.author_channel_id,
            "actor_name": c.author_name, "text": c.text, "source": source,
            "likes": c.likes, "replies": c.replies,
            "created_at": c.published_at.isoformat() if c.published_at else None} for c in comments],
    }

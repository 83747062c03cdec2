"""A video's comments: one youtube_post_activity_log row per comment, with its YAKE keywords."""
from django.utils import timezone

from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert
from enrichment.keywords.extract import keywords
from youtube.models import YoutubePostActivityLog

COMMENTS = Table(YoutubePostActivityLog, key=("shortcode", "comment_id"), first="first_seen_at", last="fetched_at",
                 replace=("task_id", "source"))
COPIED = ("channel_id", "author_channel_id", "author_name", "author_image", "text", "likes", "replies",
          "published_at", "edited_at")


def comments_upsert(*, shortcode: str, records, source: str, task_id: int | None = None) -> UpsertResult:
    """keys are (shortcode, comment_id)."""
    now = timezone.now()
    rows = []
    for record in records:
        row = {name: blank_to_none(getattr(record, name)) for name in COPIED}
        row.update(shortcode=shortcode, comment_id=record.comment_id, source=source, task_id=task_id,
                   keywords=blank_to_none(list(keywords(record.text))) if record.text else None,
                   first_seen_at=now, fetched_at=now)
        rows.append(row)
    return bulk_upsert(COMMENTS, rows)

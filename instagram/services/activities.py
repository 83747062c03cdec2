"""Likes and comments of a post: one post_activity_log row per liker or comment, keyed within the post."""
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from beat.events import emit_many
from instagram import events
from instagram.keywords import keywords
from instagram.models import ActivityType, PostActivityLog
from instagram.records import CommentRecord, LikerRecord
from beat.handles import normal_handle
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert

ACTIVITIES = Table(PostActivityLog, key=("shortcode", "activity_type", "activity_id"), first="first_seen_at",
                   last="fetched_at", replace=("task_id", "source"))


def activities_upsert(*, shortcode: str, records: Iterable[CommentRecord | LikerRecord], source: str,
                      post_id: str | None = None, task_id: int | None = None) -> UpsertResult:
    """Store a post's comments (keyed by comment id, with the YAKE keywords of each text) and likes
    (keyed by the liker's user id; likers without one are left out).
    keys are (shortcode, activity_type, activity_id)."""
    now = timezone.now()
    rows = []
    for record in records:
        row = _comment(record) if isinstance(record, CommentRecord) else _like(record)
        if row["activity_id"]:
            row.update(shortcode=shortcode, post_id=post_id or row["post_id"], source=source, task_id=task_id,
                       first_seen_at=now, fetched_at=now)
            rows.append(row)
    with transaction.atomic():  # the rows and their events commit together
        result = bulk_upsert(ACTIVITIES, rows)
        emit_many(events.ACTIVITY_LOG, [events.activity_event(row) for row in rows], task_id=task_id)
    return result


def _comment(c: CommentRecord) -> dict:
    text = blank_to_none(c.text)
    return dict(activity_type=ActivityType.COMMENT, activity_id=c.comment_id, comment_id=c.comment_id,
                post_id=c.post_id, parent_id=c.parent_id, text=text, likes=c.likes, created_at=c.created_at,
                keywords=blank_to_none(keywords(text)) if text else None, actor_profile_id=c.author_id,
                actor_handle=normal_handle(c.author_handle), actor_full_name=None, actor_profile_pic_url=None,
                actor_is_private=None, actor_is_verified=None)


def _like(like: LikerRecord) -> dict:
    return dict(activity_type=ActivityType.LIKE, activity_id=like.profile_id, comment_id=None, post_id=None,
                parent_id=None, text=None, likes=None, created_at=None, keywords=None,
                actor_profile_id=like.profile_id, actor_handle=normal_handle(like.handle),
                actor_full_name=blank_to_none(like.full_name),
                actor_profile_pic_url=blank_to_none(like.profile_pic_url),
                actor_is_private=like.is_private, actor_is_verified=like.is_verified)

"""Followers and following: one profile_relationship_log row per (profile, relation, other account)."""
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from beat.events import emit_many
from instagram import events
from instagram.models import ProfileRelationshipLog, Relation
from instagram.records import RelationshipRecord
from beat.handles import normal_handle
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert

RELATIONSHIPS = Table(ProfileRelationshipLog, key=("profile_id", "relation", "other_id"), first="first_seen_at",
                      last="fetched_at", replace=("task_id", "source"))


def relationships_upsert(*, profile_id: str, relation: str, records: Iterable[RelationshipRecord], source: str,
                         task_id: int | None = None) -> UpsertResult:
    """Store the followers (relation "follower") or followed accounts ("following") of a profile.
    Accounts without an id cannot be keyed and are left out. keys are (profile_id, relation, other_id)."""
    if relation not in Relation.values:
        raise ValueError(f"unknown relation {relation!r}")
    now = timezone.now()
    rows = [dict(profile_id=profile_id, relation=relation, other_id=r.profile_id, other_handle=normal_handle(r.handle),
                 other_full_name=blank_to_none(r.full_name), other_profile_pic_url=blank_to_none(r.profile_pic_url),
                 other_is_private=r.is_private, other_is_verified=r.is_verified, source=source, task_id=task_id,
                 first_seen_at=now, fetched_at=now)
            for r in records if r.profile_id]
    with transaction.atomic():  # the rows and their events commit together
        result = bulk_upsert(RELATIONSHIPS, rows)
        emit_many(events.RELATIONSHIP_LOG, [events.relationship_event(row) for row in rows], task_id=task_id)
    return result

"""Followers and followed accounts of a profile, stored as profile_relationship_log rows.

All pages of one task come from one source: its first page picks the source through the fallback
order (followers: a weighted pick), later pages stay on it; a resume cursor names its source."""
from beat.flows import flow
from instagram.flows import params
from instagram.flows.paging import walk_and_store
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.models import Relation
from instagram.providers.base import FOLLOWERS, FOLLOWING
from instagram.services import relationships_upsert

IG = params.IG


def fetch_relationships(ctx, operation: str, relation: str, *, profile_id: str, max_items: int,
                        cursor: str | None):
    def fetch_page(provider, page_cursor):
        return getattr(provider, operation)(profile_id, page_cursor)

    def store(items, source, raw):
        return relationships_upsert(profile_id=profile_id, relation=relation, records=items, source=source,
                                    task_id=ctx.task_id)

    try:
        result, upserts = walk_and_store(ctx, operation, fetch_page, store, key=profile_id, cursor=cursor,
                                         max_items=max_items)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, profile_id=profile_id, relation=relation)
    result.extra["relation"] = relation
    result.change("profile_ids", [profile_id])
    return result.change("relationships", [other for (_profile, _relation, other) in upserts.keys])


@flow("fetch_profile_followers", params=params.Followers, platform=IG, concurrency=15, queue="instagram")
def fetch_profile_followers(ctx, *, profile_id, max_followers=2000, cursor=None):
    """A profile's followers, up to max_followers (2,000), all from one source; resumes from cursor."""
    return fetch_relationships(ctx, FOLLOWERS, Relation.FOLLOWER, profile_id=profile_id, max_items=max_followers,
                               cursor=cursor)


@flow("fetch_profile_following", params=params.Following, platform=IG, queue="instagram")
def fetch_profile_following(ctx, *, profile_id, max_following=200, cursor=None):
    """The accounts a profile follows, up to max_following (200); resumes from cursor."""
    return fetch_relationships(ctx, FOLLOWING, Relation.FOLLOWING, profile_id=profile_id, max_items=max_following,
                               cursor=cursor)

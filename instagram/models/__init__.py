"""Instagram tables: the latest state (account, post, profile insights) and the append-only logs.

One module per table family (NetBox's models/ package). The latest-state tables are upserted on their
natural keys by instagram.services; the logs only ever grow, so history is never overwritten.
"""
from instagram.models.accounts import InstagramAccount, ProfileState, ProfileType
from instagram.models.activities import ActivityType, PostActivityLog
from instagram.models.insights import InstagramProfileInsights
from instagram.models.posts import InstagramPost, PostType, StoryPost
from instagram.models.relationships import ProfileRelationshipLog, Relation
from instagram.models.snapshots import PostLog, ProfileLog, SnapshotKind

__all__ = [
    "ActivityType", "InstagramAccount", "InstagramPost", "InstagramProfileInsights", "PostActivityLog",
    "PostLog", "PostType", "ProfileLog", "ProfileRelationshipLog", "ProfileState", "ProfileType",
    "Relation", "SnapshotKind", "StoryPost",
]

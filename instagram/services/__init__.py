"""Instagram storage services: keyword-only, named <entity>_<action>, each returning what it changed.

Flows call these with parsed records (instagram.records); nothing here calls upstream. Every write is
an upsert on a natural key that never overwrites a stored value with null or empty (upsert.py), plus
an appended snapshot with the raw payload and the parser version.
"""
from instagram.services.activities import activities_upsert
from instagram.services.insights import insights_upsert, post_insights_apply
from instagram.services.posts import posts_upsert, stories_upsert
from instagram.services.profiles import profile_averages_refresh, profile_state_set, profile_upsert
from instagram.services.relationships import relationships_upsert
from beat.upsert import UpsertResult

__all__ = [
    "UpsertResult", "activities_upsert", "insights_upsert", "post_insights_apply", "posts_upsert",
    "profile_averages_refresh", "profile_state_set", "profile_upsert", "relationships_upsert",
    "stories_upsert",
]

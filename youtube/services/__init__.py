"""YouTube storage services: keyword-only, named <entity>_<action>, each returning what it changed.

Flows call these with parsed records (youtube.records); nothing here calls upstream. Every write is an
upsert on a natural key (beat.upsert: never overwrites a stored value with null or empty), and channel
and video writes append a snapshot with the raw payload and the parser version.
"""
from youtube.services.channels import channel_state_set, channels_upsert
from youtube.services.comments import comments_upsert
from youtube.services.insights import insights_upsert
from youtube.services.logs import activities_upsert, subscriptions_upsert
from youtube.services.posts import post_categories_set, post_type_set, posts_upsert

__all__ = ["activities_upsert", "channel_state_set", "channels_upsert", "comments_upsert", "insights_upsert",
           "post_categories_set", "post_type_set", "posts_upsert", "subscriptions_upsert"]

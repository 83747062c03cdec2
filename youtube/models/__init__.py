"""YouTube tables: the latest state (channel, video, audience insights) and the append-only logs.

The latest-state tables are upserted on their natural keys (channel_id, the video id) by
youtube.services; the logs (snapshots, comments, activities, subscriptions) only ever grow or are
upserted on their own natural keys, so history is never overwritten.
"""
from youtube.models.channels import ChannelState, YoutubeAccount
from youtube.models.insights import YoutubeProfileInsights
from youtube.models.logs import (YoutubeActivityLog, YoutubePostActivityLog, YoutubePostLog, YoutubeProfileLog,
                                 YoutubeRelationshipLog)
from youtube.models.posts import PostType, YoutubePost

__all__ = [
    "ChannelState", "PostType", "YoutubeAccount", "YoutubeActivityLog", "YoutubePost", "YoutubePostActivityLog",
    "YoutubePostLog", "YoutubeProfileInsights", "YoutubeProfileLog", "YoutubeRelationshipLog",
]

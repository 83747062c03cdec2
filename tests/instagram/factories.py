"""Parsed records (what parsers hand to the services) and stored rows, for the Instagram tests."""
from datetime import datetime, timedelta, timezone

import factory

from instagram.models import InstagramAccount, InstagramPost, ProfileLog
from instagram.records import CommentRecord, LikerRecord, PostRecord, ProfileRecord, RelationshipRecord

START = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


class ProfileRecordFactory(factory.Factory):
    class Meta:
        model = ProfileRecord

    profile_id = factory.Sequence(lambda n: str(528817150 + n))
    handle = factory.Sequence(lambda n: f"space_{n}")
    full_name = "Space Agency"
    biography = "Exploring the universe"
    followers = 1000
    following = 84
    media_count = 4312
    profile_pic_url = "https://cdn.example/pic.jpg"
    profile_type = "business"
    is_private = False
    is_verified = True


class PostRecordFactory(factory.Factory):
    class Meta:
        model = PostRecord

    shortcode = factory.Sequence(lambda n: f"DAx{n:08d}")
    post_type = "image"
    post_id = factory.Sequence(lambda n: str(3_700_000_000_000_000_000 + n))
    profile_id = "528817150"
    handle = "space_0"
    caption = "Webb telescope photographs a distant galaxy cluster #space @nasawebb"
    likes = 100
    comments = 10
    publish_time = factory.Sequence(lambda n: START - timedelta(hours=n))
    display_url = "https://cdn.example/post.jpg"
    hashtags = ("space",)
    mentions = ("nasawebb",)


class StoryRecordFactory(PostRecordFactory):
    shortcode = factory.Sequence(lambda n: str(3_600_000_000_000_000_000 + n))
    post_type = "story"
    caption = None
    likes = None
    comments = None
    hashtags = ()
    mentions = ()
    story_links = ("https://www.nasa.gov/",)


class CommentRecordFactory(factory.Factory):
    class Meta:
        model = CommentRecord

    comment_id = factory.Sequence(lambda n: str(17_900_000_000_000_000 + n))
    text = "The galaxy cluster image from the telescope is stunning"
    author_id = factory.Sequence(lambda n: str(9000 + n))
    author_handle = factory.Sequence(lambda n: f"fan_{n}")
    likes = 3
    created_at = START


class LikerRecordFactory(factory.Factory):
    class Meta:
        model = LikerRecord

    shortcode = None
    profile_id = factory.Sequence(lambda n: str(8000 + n))
    handle = factory.Sequence(lambda n: f"liker_{n}")
    full_name = "A Liker"


class RelationshipRecordFactory(factory.Factory):
    class Meta:
        model = RelationshipRecord

    profile_id = factory.Sequence(lambda n: str(7000 + n))
    handle = factory.Sequence(lambda n: f"follower_{n}")
    full_name = "A Follower"
    is_private = False
    is_verified = False


class InstagramAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstagramAccount

    profile_id = factory.Sequence(lambda n: str(100 + n))
    handle = factory.Sequence(lambda n: f"account_{n}")
    full_name = "An Account"
    followers = 5000
    profile_type = "creator"
    refreshed_at = START


class InstagramPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstagramPost

    shortcode = factory.Sequence(lambda n: f"Post{n:08d}")
    post_type = "image"
    profile_id = "100"
    likes = 10
    comments = 1
    publish_time = factory.Sequence(lambda n: START - timedelta(hours=n))


class ProfileLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileLog

    profile_id = "100"
    handle = "account_0"
    metrics = factory.Sequence(lambda n: {"followers": 1000 + 10 * n})
    parser_version = "instagram-1"
    timestamp = factory.Sequence(lambda n: START + timedelta(days=n))

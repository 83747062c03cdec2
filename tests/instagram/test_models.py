"""The database itself holds the natural keys and valid values, whatever code writes to it."""
import pytest
from django.db import IntegrityError, transaction

from instagram.models import InstagramAccount, InstagramPost, PostActivityLog, ProfileRelationshipLog, StoryPost
from tests.instagram.factories import InstagramAccountFactory, InstagramPostFactory

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_a_profile_id_names_one_account():
    InstagramAccountFactory(profile_id="1", handle="a")
    assert refused(lambda: InstagramAccountFactory(profile_id="1", handle="b"))


def test_a_handle_may_pass_to_another_account_but_names_one_account_without_an_id():
    InstagramAccountFactory(profile_id="1", handle="moved")
    InstagramAccountFactory(profile_id="2", handle="moved")
    InstagramAccountFactory(profile_id=None, handle="ghost")
    assert refused(lambda: InstagramAccountFactory(profile_id=None, handle="ghost"))


def test_an_account_state_must_be_a_known_one():
    assert refused(lambda: InstagramAccountFactory(state="gone"))


def test_a_shortcode_names_one_post():
    InstagramPostFactory(shortcode="DAx1")
    assert refused(lambda: InstagramPostFactory(shortcode="DAx1"))
    assert refused(lambda: InstagramPostFactory(post_type="video"))


def test_a_relationship_and_an_activity_are_stored_once():
    fields = dict(profile_id="1", relation="follower", other_id="2")
    ProfileRelationshipLog.objects.create(**fields)
    assert refused(lambda: ProfileRelationshipLog.objects.create(**fields))
    ProfileRelationshipLog.objects.create(**{**fields, "relation": "following"})
    like = dict(shortcode="DAx1", activity_type="like", activity_id="2")
    PostActivityLog.objects.create(**like)
    assert refused(lambda: PostActivityLog.objects.create(**like))
    PostActivityLog.objects.create(**{**like, "activity_type": "comment"})


def test_stories_are_the_posts_of_type_story():
    InstagramPostFactory(post_type="image")
    story = InstagramPostFactory(post_type="story")
    assert list(StoryPost.objects.values_list("pk", flat=True)) == [story.pk]
    assert InstagramPost.objects.count() == 2


def test_tables_keep_the_fastapi_beats_names():
    names = {model._meta.db_table for model in (InstagramAccount, InstagramPost, ProfileRelationshipLog,
                                                PostActivityLog)}
    assert names == {"instagram_account", "instagram_post", "profile_relationship_log", "post_activity_log"}

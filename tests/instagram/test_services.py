"""Instagram storage services on PostgreSQL: upserts on natural keys, never null over a value,
snapshots on every fetch, constant SQL per profile, averages stored at refresh."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from instagram import services
from instagram.models import (InstagramAccount, InstagramPost, InstagramProfileInsights, PostActivityLog, PostLog,
                              ProfileLog, ProfileRelationshipLog)
from instagram.records import PARSER_VERSION, AudienceInsightsRecord, Demographics, PostInsightsRecord, UserRef
from tests.instagram.factories import (CommentRecordFactory, InstagramAccountFactory, LikerRecordFactory,
                                       PostRecordFactory, ProfileRecordFactory, RelationshipRecordFactory,
                                       StoryRecordFactory)

pytestmark = pytest.mark.django_db
NASA = "528817150"


def store_profile_with_posts(profile, posts, task_id=None):
    """What a profile refresh stores: the profile, its posts, the averages."""
    services.profile_upsert(record=profile, source="lama", raw={"user": profile.handle}, task_id=task_id)
    result = services.posts_upsert(records=posts, source="lama", refreshed_profile_id=profile.profile_id,
                                   raw_by_shortcode={p.shortcode: {"code": p.shortcode} for p in posts},
                                   task_id=task_id)
    services.profile_averages_refresh(profile_id=profile.profile_id)
    return result


def table_rows(model):
    return sorted(model.objects.values_list("pk", flat=True))


# profiles

def test_a_profile_is_inserted_then_updated_in_place():
    first = services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, handle="NASA", followers=10),
                                    source="lama")
    second = services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, handle="nasa", followers=20),
                                     source="rocketapi")
    assert (first.was_created, second.was_created) == (True, False)
    assert first.pk == second.pk and InstagramAccount.objects.count() == 1
    stored = InstagramAccount.objects.get()
    assert (stored.handle, stored.followers, stored.source, stored.state) == ("nasa", 20, "rocketapi", "ok")
    assert stored.created_at == first.created_at and stored.refreshed_at > first.refreshed_at


def test_a_profile_answer_without_a_value_keeps_the_stored_one():
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, biography="Exploring", category="Science",
                                                        is_verified=True, followers=10), source="lama")
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, biography="", category=None,
                                                        is_verified=None, followers=None, full_name="  "),
                            source="jotucker")
    stored = InstagramAccount.objects.get()
    assert (stored.biography, stored.category, stored.is_verified) == ("Exploring", "Science", True)
    assert (stored.followers, stored.full_name) == (10, "Space Agency")


def test_a_zero_or_false_is_a_value_and_replaces_the_stored_one():
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, following=84, is_verified=True), source="a")
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, following=0, is_verified=False), source="b")
    assert InstagramAccount.objects.values_list("following", "is_verified").get() == (0, False)


def test_every_profile_fetch_appends_a_snapshot_with_its_raw_payload_and_parser_version():
    for followers in (10, 20):
        services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, handle="nasa", followers=followers),
                                source="lama", raw={"pk": NASA, "follower_count": followers}, task_id=7)
    logs = list(ProfileLog.objects.order_by("id"))
    assert [log.metrics["followers"] for log in logs] == [10, 20]
    assert [log.raw for log in logs] == [{"pk": NASA, "follower_count": 10}, {"pk": NASA, "follower_count": 20}]
    assert {(log.parser_version, log.task_id, log.source, log.kind) for log in logs} == {
        (PARSER_VERSION, 7, "lama", "profile")}
    assert logs[0].dimensions["full_name"] == "Space Agency" and "followers" not in logs[0].dimensions


def test_a_private_answer_stores_the_private_state():
    account = services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, is_private=True), source="lama")
    assert account.state == "private"


def test_a_not_found_handle_is_recorded_and_its_figures_are_kept():
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, handle="nasa", followers=10), source="lama")
    before = InstagramAccount.objects.get()
    account = services.profile_state_set(handle="NASA", state="not_found", source="lama", task_id=3)
    assert (account.pk, account.state, account.followers) == (before.pk, "not_found", 10)
    assert account.refreshed_at == before.refreshed_at and account.state_changed_at > before.state_changed_at
    assert ProfileLog.objects.order_by("id").last().dimensions == {"state": "not_found"}


def test_the_state_change_time_moves_only_when_the_state_changes():
    services.profile_state_set(profile_id=NASA, state="private")
    first = InstagramAccount.objects.get().state_changed_at
    services.profile_state_set(profile_id=NASA, state="private")
    assert InstagramAccount.objects.get().state_changed_at == first
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA), source="lama")
    assert InstagramAccount.objects.get().state == "ok" and InstagramAccount.objects.get().state_changed_at > first


def test_a_handle_never_seen_gets_a_row_with_its_state_until_the_account_is_found():
    services.profile_state_set(handle="ghost", state="not_found")
    services.profile_state_set(handle="ghost", state="private")
    assert InstagramAccount.objects.values_list("profile_id", "handle", "state", "is_private").get() == (
        None, "ghost", "private", True)
    services.profile_upsert(record=ProfileRecordFactory(profile_id="42", handle="ghost"), source="lama")
    assert InstagramAccount.objects.values_list("profile_id", "state").get() == ("42", "ok")


def test_a_state_by_handle_goes_to_the_account_that_holds_the_handle_last():
    services.profile_upsert(record=ProfileRecordFactory(profile_id="1", handle="moved"), source="lama")
    services.profile_upsert(record=ProfileRecordFactory(profile_id="2", handle="moved"), source="lama")
    services.profile_state_set(handle="moved", state="deleted")
    assert dict(InstagramAccount.objects.values_list("profile_id", "state")) == {"1": "ok", "2": "deleted"}


def test_an_unknown_state_is_refused():
    with pytest.raises(ValueError):
        services.profile_state_set(handle="nasa", state="gone")


# posts

def test_storing_the_same_posts_twice_leaves_the_same_rows():
    posts = PostRecordFactory.build_batch(3)
    first = services.posts_upsert(records=posts, source="lama", refreshed_profile_id=NASA)
    rows = list(InstagramPost.objects.order_by("id").values())
    second = services.posts_upsert(records=posts, source="lama", refreshed_profile_id=NASA)
    assert (first.created, first.updated, second.created, second.updated) == (3, 0, 0, 3)
    assert first.shortcodes == second.shortcodes == tuple(p.shortcode for p in posts)
    assert first.ids == second.ids == tuple(r["id"] for r in rows)
    again = list(InstagramPost.objects.order_by("id").values())
    moving = {"refreshed_at", "updated_at"}
    assert [{k: v for k, v in r.items() if k not in moving} for r in again] == [
        {k: v for k, v in r.items() if k not in moving} for r in rows]


def test_a_post_answer_without_a_value_keeps_the_stored_one():
    post = PostRecordFactory(likes=100, plays=None, caption="Webb sees a galaxy #space", reach=50)
    services.posts_upsert(records=[post], source="graphapi")
    thinner = PostRecordFactory(shortcode=post.shortcode, likes=120, reach=None, caption="", hashtags=(),
                                display_url=None, is_paid_partnership=None)
    services.posts_upsert(records=[thinner], source="lama")
    stored = InstagramPost.objects.get()
    assert (stored.likes, stored.reach, stored.caption) == (120, 50, "Webb sees a galaxy #space")
    assert stored.hashtags == ["space"] and stored.display_url == post.display_url
    assert stored.keywords and stored.source == "lama"


def test_a_post_stores_keywords_hashtags_mentions_tags_and_sponsors():
    post = PostRecordFactory(tagged_users=(UserRef("11", "astro"),), sponsors=(UserRef("22", "brand"),),
                             is_paid_partnership=True)
    services.posts_upsert(records=[post], source="lama")
    stored = InstagramPost.objects.get()
    assert stored.hashtags == ["space"] and stored.mentions == ["nasawebb"]
    assert stored.tagged_users == [{"profile_id": "11", "handle": "astro"}] and stored.sponsor_ids == ["22"]
    assert "galaxy" in stored.keywords and len(stored.keywords) <= 5 and stored.is_paid_partnership


def test_keywords_follow_a_changed_caption_and_stay_with_an_unchanged_one():
    post = PostRecordFactory(caption="Telescope mirror alignment finished today")
    services.posts_upsert(records=[post], source="lama")
    first = InstagramPost.objects.get().keywords
    services.posts_upsert(records=[PostRecordFactory(shortcode=post.shortcode, caption=None)], source="lama")
    assert InstagramPost.objects.get().keywords == first and "telescope" in first
    services.posts_upsert(records=[PostRecordFactory(shortcode=post.shortcode, caption="Rocket launch tonight")],
                          source="lama")
    assert set(InstagramPost.objects.get().keywords) == {"rocket", "launch", "tonight"}


def test_a_post_owned_by_another_profile_is_stored_as_a_collab_of_the_refreshed_profile():
    own, collab, unowned = (PostRecordFactory(profile_id=NASA), PostRecordFactory(profile_id="999"),
                            PostRecordFactory(profile_id=None))
    services.posts_upsert(records=[own, collab, unowned], source="lama", refreshed_profile_id=NASA)
    stored = dict(InstagramPost.objects.values_list("shortcode", "collab_profile_id"))
    owners = dict(InstagramPost.objects.values_list("shortcode", "profile_id"))
    assert stored == {own.shortcode: None, collab.shortcode: NASA, unowned.shortcode: None}
    assert owners == {own.shortcode: NASA, collab.shortcode: "999", unowned.shortcode: NASA}


def test_repeated_shortcodes_in_one_answer_are_merged_into_one_row():
    post = PostRecordFactory(likes=5, comments=None)
    result = services.posts_upsert(records=[post, PostRecordFactory(shortcode=post.shortcode, likes=None,
                                                                    comments=7)], source="lama")
    assert result.created == 1 and InstagramPost.objects.values_list("likes", "comments").get() == (5, 7)


def test_every_post_fetch_appends_a_snapshot_per_post_with_its_raw_item():
    posts = PostRecordFactory.build_batch(2)
    raw = {p.shortcode: {"code": p.shortcode, "like_count": p.likes} for p in posts}
    for task_id in (1, 2):
        services.posts_upsert(records=posts, source="lama", raw_by_shortcode=raw, task_id=task_id)
    logs = PostLog.objects.order_by("id")
    assert [(log.shortcode, log.task_id) for log in logs] == [
        (posts[0].shortcode, 1), (posts[1].shortcode, 1), (posts[0].shortcode, 2), (posts[1].shortcode, 2)]
    assert logs[0].raw == raw[posts[0].shortcode] and logs[0].parser_version == PARSER_VERSION
    assert logs[0].metrics == {"likes": 100, "comments": 10} and logs[0].dimensions["post_type"] == "image"


@pytest.mark.parametrize("first_time", [True, False])
def test_storing_a_profile_with_120_posts_takes_as_many_queries_as_with_12(first_time):
    def queries(n):
        profile = ProfileRecordFactory()
        posts = PostRecordFactory.build_batch(n, profile_id=profile.profile_id)
        if not first_time:
            store_profile_with_posts(profile, posts)
        with CaptureQueriesContext(connection) as captured:
            result = store_profile_with_posts(profile, posts)
        assert result.created + result.updated == n
        return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]

    few, many = queries(12), queries(120)
    # delete placeholder, profile, log, its event; posts, missing keywords, (their update,) logs, their events;
    # followers, 2 x recent, averages
    assert len(few) == len(many) == (13 if first_time else 12)
    assert sum(sql.startswith('INSERT INTO "instagram_post"') for sql in many) == 1


# averages

def test_the_averages_are_stored_at_refresh_from_the_trimmed_latest_posts():
    # 6 images on 1,000 followers: sorted by likes + comments the top 2 and bottom 2 go, leaving
    # 400/40 and 300/30. Reach (7.6 - 0.7 log10(likes)) x 0.85 x likes: int(1964.71) = 1964, int(1495.83) = 1495.
    profile = ProfileRecordFactory(profile_id=NASA, followers=1000)
    posts = [PostRecordFactory(profile_id=NASA, likes=likes, comments=likes // 10)
             for likes in (100, 200, 300, 400, 500, 600)]
    store_profile_with_posts(profile, posts)
    stored = InstagramAccount.objects.get()
    assert (stored.avg_likes, stored.avg_comments, stored.avg_reach) == (350, 35, 1729.5)
    assert stored.avg_engagement == pytest.approx((44 + 33) / 2)  # 440 and 330 of 1,000, in percent
    assert stored.avg_reels_plays is None


def test_the_reels_plays_average_reads_the_latest_reels_and_stored_reach_wins():
    services.profile_upsert(record=ProfileRecordFactory(profile_id=NASA, followers=1000), source="lama")
    services.posts_upsert(records=[PostRecordFactory(post_type="reels", plays=plays, likes=10, comments=0, reach=500)
                                   for plays in (1000, 3000)], source="lama", refreshed_profile_id=NASA)
    averages = services.profile_averages_refresh(profile_id=NASA)
    stored = InstagramAccount.objects.get()
    assert (stored.avg_reels_plays, stored.avg_reach, stored.avg_engagement) == (2000, 500, 1.0)
    assert averages.avg_reels_plays == 2000


def test_averages_with_no_post_leave_the_stored_ones():
    InstagramAccountFactory(profile_id=NASA, avg_likes=12.5)
    services.profile_averages_refresh(profile_id=NASA)
    assert InstagramAccount.objects.get().avg_likes == 12.5


# stories

def test_a_storys_profile_snapshot_keeps_its_first_write():
    story = StoryRecordFactory(profile_id=NASA)
    first = {"profile_follower": 1000, "profile_er": 2.5, "profile_static_er": 2.0, "profile_reels_er": 3.0}
    services.stories_upsert(records=[story], source="lama", profile_id=NASA, profile_snapshot=first)
    later = {"profile_follower": 2000, "profile_er": 9.0, "profile_static_er": None, "profile_reels_er": 1.0}
    services.stories_upsert(records=[StoryRecordFactory(shortcode=story.shortcode, profile_id=NASA, views=30)],
                            source="lama", profile_id=NASA, profile_snapshot=later)
    stored = InstagramPost.objects.values("profile_follower", "profile_er", "profile_static_er",
                                          "profile_reels_er", "views", "post_type").get()
    assert stored == {**first, "views": 30, "post_type": "story"}


def test_a_storys_profile_snapshot_is_read_from_the_stored_account_when_not_given():
    store_profile_with_posts(ProfileRecordFactory(profile_id=NASA, followers=1000),
                             [PostRecordFactory(profile_id=NASA, likes=90, comments=10)])
    services.stories_upsert(records=[StoryRecordFactory(profile_id=NASA)], source="lama", profile_id=NASA)
    story = InstagramPost.objects.get(post_type="story")
    assert (story.profile_follower, story.profile_er, story.profile_static_er, story.profile_reels_er) == (
        1000, 10.0, 10.0, None)


# insights

def test_audience_insights_are_stored_the_right_way_round_and_an_empty_audience_keeps_the_stored_one():
    record = AudienceInsightsRecord(fbid="178", follower=Demographics(country={"US": 10}),
                                    reached=Demographics(city={"Paris": 5}),
                                    engaged=Demographics(gender_age={"F.25-34": 2}))
    services.insights_upsert(profile_id=NASA, handle="nasa", record=record, raw={"data": []}, task_id=4)
    result = services.insights_upsert(profile_id=NASA, record=AudienceInsightsRecord(
        follower=Demographics(country={"US": 11})))
    stored = InstagramProfileInsights.objects.get()
    assert (result.created, result.updated) == (0, 1)
    assert stored.follower == {"country": {"US": 11}} and stored.reached == {"city": {"Paris": 5}}
    assert stored.engaged == {"gender_age": {"F.25-34": 2}} and (stored.fbid, stored.handle) == ("178", "nasa")
    log = ProfileLog.objects.get(kind="audience_insights", task_id=4)
    assert log.raw == {"data": []} and log.metrics["reached"] == {"city": {"Paris": 5}}


def test_post_insights_fill_the_posts_metrics_and_keep_the_rest():
    post = PostRecordFactory(likes=100, reach=None)
    services.posts_upsert(records=[post], source="lama")
    insights = PostInsightsRecord(post_id=post.post_id, reach=900, saved=4, likes=None, shares=0,
                                  metrics={"reach": 900, "saved": 4, "shares": 0})
    result = services.post_insights_apply(shortcode=post.shortcode, record=insights, raw={"data": []})
    stored = InstagramPost.objects.get()
    assert result.updated == 1
    assert (stored.reach, stored.saved, stored.shares, stored.likes, stored.caption) == (900, 4, 0, 100, post.caption)
    assert stored.insights == {"reach": 900, "saved": 4, "shares": 0} and stored.insights_refreshed_at
    assert PostLog.objects.filter(kind="post_insights", shortcode=post.shortcode).count() == 1


def test_story_insights_of_a_story_not_stored_yet_create_its_row():
    services.post_insights_apply(shortcode="3600000000000000001", post_type="story",
                                 record=PostInsightsRecord(post_id="1", taps_forward=7, exits=2, replies=1))
    stored = InstagramPost.objects.get()
    assert (stored.post_type, stored.taps_forward, stored.exits, stored.replies) == ("story", 7, 2, 1)


# followers, following, likes, comments

def test_followers_are_stored_once_per_account_and_refreshed_by_the_next_task():
    followers = RelationshipRecordFactory.build_batch(3) + [RelationshipRecordFactory(profile_id=None)]
    first = services.relationships_upsert(profile_id=NASA, relation="follower", records=followers, source="lama",
                                          task_id=1)
    second = services.relationships_upsert(profile_id=NASA, relation="follower", records=followers, source="lama",
                                           task_id=2)
    assert (first.created, second.created, second.updated) == (3, 0, 3)
    assert second.keys[0] == (NASA, "follower", followers[0].profile_id)
    assert set(ProfileRelationshipLog.objects.values_list("task_id", flat=True)) == {2}
    services.relationships_upsert(profile_id=NASA, relation="following", records=followers[:1], source="lama")
    assert ProfileRelationshipLog.objects.count() == 4


def test_comments_and_likes_are_stored_once_with_keywords_on_comments():
    comments = CommentRecordFactory.build_batch(2)
    likes = LikerRecordFactory.build_batch(2) + [LikerRecordFactory(profile_id=None)]
    first = services.activities_upsert(shortcode="DAx1", records=comments + likes, source="lama", task_id=1)
    again = services.activities_upsert(shortcode="DAx1", records=[CommentRecordFactory(
        comment_id=comments[0].comment_id, author_handle=None, text="", likes=9)], source="lama", task_id=2)
    assert (first.created, again.updated) == (4, 1)
    comment = PostActivityLog.objects.get(activity_id=comments[0].comment_id)
    assert (comment.text, comment.likes, comment.task_id) == (comments[0].text, 9, 2)
    assert "galaxy" in comment.keywords and comment.actor_handle == comments[0].author_handle
    assert PostActivityLog.objects.filter(activity_type="like", keywords__isnull=True).count() == 2

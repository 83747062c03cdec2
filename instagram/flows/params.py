"""The Instagram flows' params (names and fields are the FastAPI Beat's): refused at submit, never at run time."""
from rest_framework import serializers as s

from beat.flows.params import Handle, IdList, NumericId, OneOf, ResumeCursorField, schema
from instagram.providers.orders import sources_for

IG = "INSTAGRAM"
Shortcode = lambda **kw: s.RegexField(r"^[A-Za-z0-9_-]{5,64}$", **kw)  # noqa: E731


def cursor_kind(operation: str) -> str:
    """What an Instagram resume cursor pages (beat.flows.cursor): the operation that gave it."""
    return f"instagram.{operation}"


def Cursor(operation: str) -> ResumeCursorField:  # noqa: N802 (a field, like the others)
    """A resume cursor Beat handed out for this operation."""
    return ResumeCursorField(cursor_kind(operation), sources=lambda: sources_for(operation), allow_blank=True)


def hashtag_key(hashtag: str) -> str:
    """#Hiking and hiking are one hashtag."""
    return hashtag.lstrip("#").lower()


ProfileByHandle = schema("ProfileByHandleParams", handle=Handle())
ProfileById = schema("ProfileByIdParams", profile_id=NumericId())
ProfileEither = schema("ProfileEitherParams", base=OneOf, one_of=("profile_id", "handle"),
                       profile_id=NumericId(required=False), handle=Handle(required=False))
ProfileCustom = schema("ProfileCustomParams", base=OneOf, one_of=("profile_id", "handle"),
                       profile_id=NumericId(required=False), handle=Handle(required=False),
                       max_posts=s.IntegerField(min_value=1, max_value=1000))
PostByShortcode = schema("PostByShortcodeParams", shortcode=Shortcode())
PostInsights = schema("PostInsightsParams", shortcode=Shortcode(), handle=Handle(),
                      post_id=NumericId(required=False),
                      post_type=s.ChoiceField(["image", "carousel", "reels", "story"], required=False))
StoryPosts = schema("StoryPostsParams", profile_id=NumericId(), handle=Handle(required=False),
                    story_ids=IdList(required=False),
                    profile_follower=s.IntegerField(required=False, min_value=0),
                    profile_er=s.FloatField(required=False), profile_static_er=s.FloatField(required=False),
                    profile_reels_er=s.FloatField(required=False))
StoryInsights = schema("StoryInsightsParams", story_id=NumericId(required=False), shortcode=Shortcode(),
                       profile_id=NumericId(required=False), handle=Handle())
Tagged = schema("TaggedParams", profile_id=NumericId(), max_posts=s.IntegerField(required=False, min_value=1,
                                                                                 max_value=1000))
Followers = schema("FollowersParams", profile_id=NumericId(),
                   max_followers=s.IntegerField(required=False, min_value=1, max_value=100_000, default=2000),
                   cursor=Cursor("followers"))
Following = schema("FollowingParams", profile_id=NumericId(),
                   max_following=s.IntegerField(required=False, min_value=1, max_value=10_000, default=200),
                   cursor=Cursor("following"))
Comments = schema("CommentsParams", shortcode=Shortcode(),
                  max_comments=s.IntegerField(required=False, min_value=1, max_value=50_000, default=1000),
                  cursor=Cursor("comments"))
Likes = schema("LikesParams", shortcode=Shortcode(),
               max_likes=s.IntegerField(required=False, min_value=1, max_value=50_000, default=2000),
               cursor=Cursor("likers"))
Hashtag = schema("HashtagParams", hashtag=s.RegexField(r"^#?\w{1,100}$"),
                 max_posts=s.IntegerField(min_value=1, max_value=5000), cursor=Cursor("hashtag"))

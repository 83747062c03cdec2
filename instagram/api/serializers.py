"""Input (query) and output shapes of the Instagram API, with the FastAPI Beat's answer keys.

Outputs serialize plain dicts built by instagram.selectors (only the columns an answer needs are read).
"""
from rest_framework import serializers as s

from beat.flows.params import Handle, NumericId
from instagram.models import PostType, ProfileState

SHORTCODE = r"^[A-Za-z0-9_-]{5,64}$"
MAX_AGE_LIMIT = 10 * 365 * 86400


class Shortcode(s.RegexField):
    def __init__(self, **kwargs):
        super().__init__(SHORTCODE, max_length=64, **kwargs)


# --- path values (validated in the view so that bad ones answer 400 with field errors) ---

class HandlePath(s.Serializer):
    handle = Handle()


class ProfileIdPath(s.Serializer):
    profile_id = NumericId()


class ShortcodePath(s.Serializer):
    shortcode = Shortcode()


class PostTypePath(s.Serializer):
    post_type = s.ChoiceField(choices=PostType.values)
    shortcode = Shortcode()

    def to_internal_value(self, data):
        data = {**data, "post_type": str(data.get("post_type", "")).lower()}
        return super().to_internal_value(data)


# --- query strings ---

def _refresh_fields(max_age_help: str) -> dict:
    return {
        "force_refresh": s.BooleanField(default=False, help_text="Refresh now, whatever the stored data's age."),
        "max_age": s.IntegerField(required=False, min_value=0, max_value=MAX_AGE_LIMIT,
                                  help_text=f"Seconds: stored data older than this is refreshed ({max_age_help})."),
        # "async" is a Python keyword: the field is declared through the class dict
        "async": s.BooleanField(default=False, help_text="Answer 202 with the task at once instead of waiting."),
    }


ProfileQuery = type("ProfileQuery", (s.Serializer,), {
    **_refresh_fields("default: a day; a week by profile id"),
    "full_refresh": s.BooleanField(default=False, help_text="A refresh reads posts and reels too; the answer "
                                                              "adds post_metrics and recent_posts."),
})
RefreshQuery = type("RefreshQuery", (s.Serializer,), _refresh_fields("default: a day"))


class InsightsQuery(RefreshQuery):
    token = s.CharField(required=False, max_length=2000, write_only=True,
                        help_text="The handle's own Graph API token; stored (encrypted), never echoed.")
    user_id = NumericId(required=False, help_text="The handle's Instagram user id in the Graph API.")

    def validate(self, attrs):
        if bool(attrs.get("token")) != bool(attrs.get("user_id")):
            raise s.ValidationError({"token": ["Give token and user_id together."]})
        return attrs


class PostQuery(RefreshQuery):
    handle = Handle(required=False, help_text="The owner's handle, when the post may not be stored yet.")
    third_party_fallback = s.BooleanField(default=True, help_text="Accepted for the FastAPI Beat's clients: "
                                                                  "the sources tried are set in Beat's settings.")


class PostOfProfileQuery(RefreshQuery):
    profile_id = NumericId(required=False, help_text="The owner's id: another owner's post answers 404.")


class RecentPostsQuery(s.Serializer):
    limit = s.IntegerField(default=12, min_value=1, max_value=50, help_text="How many posts, newest first.")
    post_type = s.ChoiceField(required=False, choices=PostType.values)


class HistoryQuery(s.Serializer):
    days = s.IntegerField(default=30, min_value=1, max_value=3650, help_text="How far back (default 30 days).")
    page = s.IntegerField(required=False, min_value=1)
    size = s.IntegerField(required=False, min_value=1, max_value=1000, help_text="Page size (default 200).")


# --- answers ---

class PostMetricsSerializer(s.Serializer):
    reach = s.IntegerField(allow_null=True)
    reach_estimated = s.BooleanField(help_text="True when no reach was stored and the formula gave it.")
    views = s.IntegerField(allow_null=True)
    likes = s.IntegerField(allow_null=True)
    play_count = s.IntegerField(allow_null=True)
    comments = s.IntegerField(allow_null=True)


class PostSerializer(s.Serializer):
    data_provider = s.CharField(allow_null=True, help_text="The source that answered last.")
    shortcode = s.CharField()
    post_id = s.CharField(allow_null=True)
    post_type = s.CharField(allow_null=True)
    content_type = s.CharField(allow_null=True)
    metrics = PostMetricsSerializer()
    caption = s.CharField(allow_null=True)
    publish_time = s.DateTimeField(allow_null=True)
    profile_id = s.CharField(allow_null=True)
    handle = s.CharField(allow_null=True)
    thumbnail_url = s.CharField(allow_null=True)
    display_url = s.CharField(allow_null=True, help_text="The media: the image, or a video's mp4.")
    video_url = s.CharField(allow_null=True)
    post_url = s.CharField(allow_null=True, help_text="The permalink.")
    engagement_rate = s.FloatField(allow_null=True, help_text="(likes + comments) / the owner's followers x 100.")
    hashtags = s.ListField(child=s.CharField(), allow_null=True)
    mentions = s.ListField(child=s.CharField(), allow_null=True)
    keywords = s.ListField(child=s.CharField(), allow_null=True)
    updated_at = s.DateTimeField(allow_null=True, help_text="When upstream last answered for this post.")


class _Averages(s.Serializer):
    avg_likes = s.FloatField(allow_null=True)
    avg_comments = s.FloatField(allow_null=True)
    avg_reach = s.FloatField(allow_null=True)
    avg_engagement = s.FloatField(allow_null=True, help_text="Percent.")


class _AllAverages(_Averages):
    avg_reels_plays = s.FloatField(allow_null=True)


class _ReelsAverages(_Averages):
    avg_plays = s.FloatField(allow_null=True)


class _StoryAverages(s.Serializer):
    avg_reach = s.FloatField(help_text="Estimated from followers and the reels' (else all posts') engagement.")


class ProfilePostMetricsSerializer(s.Serializer):
    """Averages over the 12 latest posts (top 2 and bottom 2 dropped), unrounded."""

    all = _AllAverages()
    static = _Averages(help_text="Images and carousels.")
    reels = _ReelsAverages()
    story = _StoryAverages()


class ProfileSerializer(s.Serializer):
    platform = s.CharField(default="INSTAGRAM")
    handle = s.CharField(allow_null=True)
    fbid = s.CharField(allow_null=True)
    profile_pic_url = s.CharField(allow_null=True)
    profile_id = s.CharField(allow_null=True)
    biography = s.CharField(allow_null=True)
    following = s.IntegerField(allow_null=True)
    followers = s.IntegerField(allow_null=True)
    full_name = s.CharField(allow_null=True)
    is_private = s.BooleanField(allow_null=True)
    is_verified = s.BooleanField(allow_null=True)
    category = s.CharField(allow_null=True)
    updated_at = s.DateTimeField(allow_null=True, help_text="When upstream last answered for this profile.")
    post_metrics = ProfilePostMetricsSerializer(allow_null=True, help_text="With full_refresh only.")
    recent_posts = PostSerializer(many=True, allow_null=True, help_text="With full_refresh only.")
    gpt = s.DictField(allow_null=True, help_text="With full_refresh only: the stored GPT answers by kind "
                      "(data, prompt_version, model, tokens, refreshed_at).")
    profile_type = s.CharField(help_text="personal, business, creator, or business_or_creator when the "
                                         "source does not say which.")
    media_count = s.IntegerField(allow_null=True)
    state = s.ChoiceField(choices=ProfileState.values,
                          help_text="ok, or private (figures unknown to Beat are null, never 0).")


class ProfileAnswerSerializer(s.Serializer):
    profile = ProfileSerializer()


class PostAnswerSerializer(s.Serializer):
    post = PostSerializer()


class PostListSerializer(s.Serializer):
    data = PostSerializer(many=True)


class _Snapshot(s.Serializer):
    timestamp = s.DateTimeField()
    followers = s.IntegerField(allow_null=True)
    following = s.IntegerField(allow_null=True)
    media_count = s.IntegerField(allow_null=True)
    reels_count = s.IntegerField(allow_null=True)
    source = s.CharField(allow_null=True)


class HistorySerializer(s.Serializer):
    """A page of profile snapshots, oldest first (for charts)."""

    handle = s.CharField()
    profile_id = s.CharField(allow_null=True)
    count = s.IntegerField()
    next = s.URLField(allow_null=True)
    previous = s.URLField(allow_null=True)
    data = _Snapshot(many=True)


class AudienceSerializer(s.Serializer):
    handle = s.CharField(allow_null=True)
    profile_id = s.CharField()
    fbid = s.CharField(allow_null=True)
    follower = s.JSONField(allow_null=True, help_text="{country, city, gender, age, gender_age}; gender_age "
                                                      "nested by gender: {\"female\": {\"18-24\": n}}")
    reached = s.JSONField(allow_null=True)
    engaged = s.JSONField(allow_null=True)
    updated_at = s.DateTimeField(allow_null=True)


class AudienceAnswerSerializer(s.Serializer):
    data = AudienceSerializer()


class InsightsAnswerSerializer(s.Serializer):
    profile = ProfileSerializer(allow_null=True, help_text="The stored profile (null when never stored).")
    insights = AudienceSerializer()

"""Posts and reels, and stories (the same table through the StoryPost proxy), with their like history."""
from django.contrib import admin
from django.utils.html import format_html

from beat.admin.display import pretty_json
from beat.admin.history import chart_html
from beat.admin.stored import StoredDataAdmin
from instagram.models import InstagramPost, PostLog, PostType, SnapshotKind, StoryPost

FEED_TYPES = [(t.value, t.label) for t in PostType if t != PostType.STORY]


def metric_history(post, metric: str, limit: int) -> list:
    logs = PostLog.objects.filter(shortcode=post.shortcode, kind=SnapshotKind.POST, metrics__has_key=metric)
    return list(reversed(logs.order_by("-timestamp").values_list("timestamp", f"metrics__{metric}")[:limit]))


class FeedTypeFilter(admin.SimpleListFilter):
    title = "post type"
    parameter_name = "post_type"

    def lookups(self, request, model_admin):
        return FEED_TYPES

    def queryset(self, request, queryset):
        return queryset.filter(post_type=self.value()) if self.value() else queryset


class PostAdminBase(StoredDataAdmin):
    search_fields = ("=shortcode", "^handle", "=profile_id", "=post_id")
    search_help_text = "A shortcode, a handle (its start), an owner id or a post id."
    ordering = ("-publish_time",)
    readonly_fields = ("chart_link", "insights_json", "preview")

    def preview(self, post):
        url = post.thumbnail_url or post.display_url
        return format_html('<img src="{}" alt="" style="max-height: 160px">', url) if url else "-"

    @admin.display(description="insights (as answered)")
    def insights_json(self, post):
        return pretty_json(post.insights)


@admin.register(InstagramPost)
class InstagramPostAdmin(PostAdminBase):
    list_display = ("shortcode", "handle", "post_type", "likes", "comments", "plays", "reach", "publish_time",
                    "collab_profile_id", "source", "refreshed_at")
    list_filter = (FeedTypeFilter, "is_paid_partnership", "is_pinned", "source")
    readonly_fields = (*PostAdminBase.readonly_fields, "likes_chart")
    fieldsets = (
        (None, {"fields": ("shortcode", "post_id", "post_type", "content_type", "handle", "profile_id",
                           "collab_profile_id", "publish_time", "preview", "caption")}),
        ("Figures", {"fields": ("likes_chart", "chart_link", "likes", "comments", "plays", "views", "reach",
                                "impressions", "saved", "shares", "interactions")}),
        ("Insights", {"classes": ("collapse",), "fields": ("follows", "profile_visits", "profile_activity",
                                                           "avg_watch_time_ms", "total_watch_time_ms",
                                                           "insights_json", "insights_refreshed_at")}),
        ("Words and people", {"fields": ("keywords", "hashtags", "mentions", "tagged_users", "sponsor_ids",
                                         "is_paid_partnership", "is_pinned", "location")}),
        ("Media", {"classes": ("collapse",), "fields": ("thumbnail_url", "display_url", "video_url",
                                                        "video_duration")}),
        ("Freshness", {"fields": ("source", "refreshed_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(post_type=PostType.STORY)

    def history_charts(self, post):
        return [(metric, metric_history(post, metric, limit=5000)) for metric in ("likes", "comments", "plays")]

    @admin.display(description="like history")
    def likes_chart(self, post):
        return chart_html(metric_history(post, "likes", limit=365), "likes")


@admin.register(StoryPost)
class StoryAdmin(PostAdminBase):
    list_display = ("shortcode", "handle", "publish_time", "views", "reach", "taps_forward", "taps_back", "exits",
                    "replies", "profile_follower", "profile_er_2", "source")
    list_filter = ("source",)
    fieldsets = (
        (None, {"fields": ("shortcode", "post_id", "handle", "profile_id", "publish_time", "preview",
                           "story_links", "story_hashtags", "mentions")}),
        ("Insights", {"fields": ("views", "reach", "impressions", "interactions", "shares", "replies",
                                 "navigation", "taps_forward", "taps_back", "exits", "swipe_forward", "follows",
                                 "profile_visits", "profile_activity", "insights_json", "insights_refreshed_at")}),
        ("The owner when first stored", {"fields": ("profile_follower", "profile_er", "profile_static_er",
                                                    "profile_reels_er")}),
        ("Freshness", {"fields": ("source", "refreshed_at", "created_at", "updated_at")}),
    )

    @admin.display(description="owner ER %", ordering="profile_er")
    def profile_er_2(self, story):
        return "-" if story.profile_er is None else f"{story.profile_er:.2f}"

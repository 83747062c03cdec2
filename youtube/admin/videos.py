"""YouTube videos: find by id, channel or title; filter by type; view history; refresh now."""
from django.contrib import admin

from beat.admin.history import chart_html
from beat.admin.stored import StoredDataAdmin
from youtube.admin.refresh import submit_in_batches
from youtube.models import YoutubePost, YoutubePostLog


def view_history(video: YoutubePost, limit: int) -> list:
    latest = (YoutubePostLog.objects.filter(shortcode=video.shortcode, metrics__has_key="views")
              .order_by("-timestamp").values_list("timestamp", "metrics__views")[:limit])
    return list(reversed(latest))


@admin.register(YoutubePost)
class YoutubePostAdmin(StoredDataAdmin):
    list_display = ("shortcode", "title", "channel_title", "post_type", "views", "likes", "comments",
                    "published_at", "refreshed_at")
    list_filter = ("post_type", "definition", "source")
    search_fields = ("=shortcode", "=channel_id", "title")
    search_help_text = "A video id, a channel id or words of the title."
    ordering = ("-published_at",)
    date_hierarchy = "published_at"
    actions = ("refresh_now",)
    readonly_fields = ("view_chart", "chart_link")

    def history_charts(self, video):
        return [("views", view_history(video, 5000))]

    @admin.display(description="view history")
    def view_chart(self, video):
        return chart_html(view_history(video, 365), "views")

    def has_refresh_permission(self, request):
        return request.user.has_perm("beat.add_scraperequestlog")

    @admin.action(description="Refresh now (refresh_yt_posts, 50 videos a task)", permissions=["refresh"])
    def refresh_now(self, request, queryset):
        submit_in_batches(self, request, "refresh_yt_posts", "post_ids",
                          list(queryset.values_list("shortcode", flat=True)))

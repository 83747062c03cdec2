"""YouTube channels: find by handle, title or id; subscriber and view history; refresh now."""
from django.contrib import admin
from django.utils.html import format_html

from beat.admin.display import pretty_json
from beat.admin.history import chart_html
from beat.admin.stored import StoredDataAdmin
from beat.handles import normal_handle
from youtube.admin.refresh import submit_in_batches
from youtube.models import YoutubeAccount, YoutubeProfileInsights, YoutubeProfileLog

STATE_COLOURS = {"ok": "#198754", "not_found": "#dc3545", "deleted": "#495057"}


def history(channel: YoutubeAccount, figure: str, limit: int) -> list:
    latest = (YoutubeProfileLog.objects.filter(channel_id=channel.channel_id, metrics__has_key=figure)
              .order_by("-timestamp").values_list("timestamp", f"metrics__{figure}")[:limit])
    return list(reversed(latest))


@admin.register(YoutubeAccount)
class YoutubeAccountAdmin(StoredDataAdmin):
    list_display = ("title", "handle", "channel_id", "subscribers", "views", "uploads", "coloured_state",
                    "refreshed_at", "source")
    list_filter = ("state", "country", "is_subscriber_count_hidden", "source")
    search_fields = ("^handle", "=channel_id", "title")
    search_help_text = "A handle (its start), a channel id or words of the title."
    ordering = ("-refreshed_at",)
    actions = ("refresh_now",)
    readonly_fields = ("subscriber_chart", "view_chart", "chart_link", "coloured_state")
    fieldsets = (
        (None, {"fields": ("title", "handle", "custom_url", "channel_id", "coloured_state", "state_changed_at",
                           "country", "published_at", "is_verified")}),
        ("Figures", {"fields": ("subscriber_chart", "view_chart", "chart_link", "subscribers",
                                "is_subscriber_count_hidden", "views", "uploads", "uploads_playlist_id")}),
        ("Channel", {"fields": ("description", "keywords", "thumbnail", "banner_url")}),
        ("Freshness", {"fields": ("source", "refreshed_at", "created_at", "updated_at")}),
    )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        return super().get_search_results(request, queryset, normal_handle(term) if term.startswith("@") else term)

    def history_charts(self, channel):
        return [("subscribers", history(channel, "subscribers", 5000)), ("views", history(channel, "views", 5000))]

    @admin.display(description="subscriber history")
    def subscriber_chart(self, channel):
        return chart_html(history(channel, "subscribers", 365), "subscribers")

    @admin.display(description="view history")
    def view_chart(self, channel):
        return chart_html(history(channel, "views", 365), "views")

    @admin.display(description="state", ordering="state")
    def coloured_state(self, channel):
        return format_html('<b style="color: {}">{}</b>', STATE_COLOURS.get(channel.state, "inherit"),
                           channel.get_state_display())

    def has_refresh_permission(self, request):
        return request.user.has_perm("beat.add_scraperequestlog")

    @admin.action(description="Refresh now (refresh_yt_profiles, 50 channels a task)", permissions=["refresh"])
    def refresh_now(self, request, queryset):
        ids = list(queryset.values_list("channel_id", flat=True))
        submit_in_batches(self, request, "refresh_yt_profiles", "channel_ids", ids)


@admin.register(YoutubeProfileInsights)
class YoutubeProfileInsightsAdmin(StoredDataAdmin):
    list_display = ("channel_id", "start_date", "end_date", "refreshed_at", "source")
    search_fields = ("=channel_id",)
    readonly_fields = ("cities", "countries", "gender_and_age")
    exclude = ("city", "country", "gender_age")

    @admin.display(description="cities (views)")
    def cities(self, insights):
        return pretty_json(insights.city)

    @admin.display(description="countries (views)")
    def countries(self, insights):
        return pretty_json(insights.country)

    @admin.display(description="gender x age (viewer %)")
    def gender_and_age(self, insights):
        return pretty_json(insights.gender_age)

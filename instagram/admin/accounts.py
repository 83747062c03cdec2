"""Instagram accounts: find by handle, filter by state, type and followers; follower history; refresh now."""
from django.contrib import admin, messages
from django.utils.html import format_html

from beat.errors import BeatError
from beat.queue import services as queue
from beat.admin.history import chart_html
from beat.admin.stored import StoredDataAdmin
from instagram.admin.filters import FollowerRangeFilter
from instagram.models import InstagramAccount, PostLog, ProfileLog, SnapshotKind
from beat.handles import normal_handle

STATE_COLOURS = {"ok": "#198754", "private": "#d39e00", "not_found": "#dc3545", "deleted": "#495057"}


def follower_history(account: InstagramAccount, limit: int) -> list:
    logs = ProfileLog.objects.filter(kind=SnapshotKind.PROFILE, metrics__has_key="followers")
    logs = logs.filter(profile_id=account.profile_id) if account.profile_id else logs.filter(handle=account.handle)
    latest = logs.order_by("-timestamp").values_list("timestamp", "metrics__followers")[:limit]
    return list(reversed(latest))


def engagement_history(account: InstagramAccount, limit: int) -> list:
    """Average engagement (%) per day with post snapshots: likes + comments of each post the day's
    snapshots saw (its latest that day), averaged, over the followers the profile had by then.
    The FastAPI Beat's engagement rate, replayed from the snapshots."""
    followers = follower_history(account, limit)
    if not account.profile_id or not followers:
        return []
    logs = (PostLog.objects.filter(profile_id=account.profile_id, kind=SnapshotKind.POST, metrics__has_key="likes")
            .order_by("-timestamp").values_list("timestamp", "shortcode", "metrics__likes", "metrics__comments"))
    days: dict = {}  # date -> (latest time, {shortcode: likes + comments}); newest first, so the first wins
    for at, shortcode, likes, comments in logs[:limit]:
        day = days.setdefault(at.date(), (at, {}))
        day[1].setdefault(shortcode, (likes or 0) + (comments or 0))
    points = []
    for at, per_post in sorted(days.values(), key=lambda day: day[0]):
        known = [count for when, count in followers if when <= at and count]
        if known:
            points.append((at, sum(per_post.values()) / len(per_post) / known[-1] * 100))
    return points


@admin.register(InstagramAccount)
class InstagramAccountAdmin(StoredDataAdmin):
    list_display = ("handle", "profile_id", "full_name", "followers", "profile_type", "coloured_state",
                    "engagement", "refreshed_at", "source")
    list_filter = ("state", "profile_type", FollowerRangeFilter, "is_verified", "source")
    search_fields = ("^handle", "=profile_id", "=fbid")
    search_help_text = "A handle (its start), a profile id or a Graph id."
    ordering = ("-refreshed_at",)
    actions = ("refresh_now",)
    readonly_fields = ("follower_chart", "engagement_chart", "chart_link", "coloured_state")
    fieldsets = (
        (None, {"fields": ("handle", "profile_id", "fbid", "full_name", "coloured_state", "state_changed_at",
                           "profile_type", "category", "is_private", "is_verified", "is_business_or_creator")}),
        ("Followers", {"fields": ("follower_chart", "chart_link", "followers", "following", "media_count",
                                  "reels_count")}),
        ("Averages of the latest posts", {"fields": ("engagement_chart", "avg_likes", "avg_comments", "avg_reach", "avg_engagement",
                                                     "avg_reels_plays")}),
        ("Profile", {"fields": ("biography", "external_url", "profile_pic_url", "public_email", "public_phone",
                                "city")}),
        ("Freshness", {"fields": ("source", "refreshed_at", "created_at", "updated_at")}),
    )

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normal_handle(search_term) or "")

    def history_charts(self, account):
        return [("followers", follower_history(account, limit=5000)),
                ("average engagement %", engagement_history(account, limit=20000))]

    @admin.display(description="follower history")
    def follower_chart(self, account):
        return chart_html(follower_history(account, limit=365), "followers")

    @admin.display(description="engagement history")
    def engagement_chart(self, account):
        return chart_html(engagement_history(account, limit=5000), "average engagement %")

    @admin.display(description="state", ordering="state")
    def coloured_state(self, account):
        return format_html('<b style="color: {}">{}</b>', STATE_COLOURS.get(account.state, "inherit"),
                           account.get_state_display())

    @admin.display(description="avg ER %", ordering="avg_engagement")
    def engagement(self, account):
        return "-" if account.avg_engagement is None else f"{account.avg_engagement:.2f}"

    def has_refresh_permission(self, request):
        return request.user.has_perm("beat.add_scraperequestlog")

    @admin.action(description="Refresh now (a refresh task each)", permissions=["refresh"])
    def refresh_now(self, request, queryset):
        made, refused = [], []
        for account in queryset.only("handle", "profile_id"):
            flow, params = (("refresh_profile_by_handle", {"handle": account.handle}) if account.handle
                            else ("refresh_profile_by_profile_id", {"profile_id": account.profile_id}))
            try:
                task, _ = queue.submit(flow, params)
                made.append(task.pk)
            except BeatError as exc:
                refused.append(f"@{account.handle or account.profile_id}: {exc.message}")
        if made:
            self.message_user(request, f"Created {len(made)} refresh task{'s' if len(made) != 1 else ''}: "
                              + ", ".join(f"#{pk}" for pk in made), messages.SUCCESS)
        if refused:
            self.message_user(request, "Refused: " + "; ".join(refused[:10]), messages.WARNING)

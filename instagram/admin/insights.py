"""Audience insights (one row per profile) and followers / following."""
from django.contrib import admin

from beat.admin.display import pretty_json
from beat.admin.stored import StoredDataAdmin
from instagram.models import InstagramProfileInsights, ProfileRelationshipLog

TOP = 3


def top_buckets(audience: dict | None, split: str) -> str:
    counts = (audience or {}).get(split) or {}
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return ", ".join(f"{name} {count:,}" for name, count in best) or "-"


@admin.register(InstagramProfileInsights)
class ProfileInsightsAdmin(StoredDataAdmin):
    list_display = ("handle", "profile_id", "top_follower_countries", "top_follower_cities", "refreshed_at",
                    "source")
    search_fields = ("^handle", "=profile_id", "=fbid")
    ordering = ("-refreshed_at",)
    readonly_fields = ("follower_json", "reached_json", "engaged_json")
    fieldsets = (
        (None, {"fields": ("handle", "profile_id", "fbid", "source", "refreshed_at", "created_at", "updated_at")}),
        ("Audiences", {"fields": ("follower_json", "reached_json", "engaged_json")}),
    )

    @admin.display(description="follower countries")
    def top_follower_countries(self, row):
        return top_buckets(row.follower, "country")

    @admin.display(description="follower cities")
    def top_follower_cities(self, row):
        return top_buckets(row.follower, "city")

    @admin.display(description="followers (follower_demographics)")
    def follower_json(self, row):
        return pretty_json(row.follower)

    @admin.display(description="reached (reached_audience_demographics)")
    def reached_json(self, row):
        return pretty_json(row.reached)

    @admin.display(description="engaged (engaged_audience_demographics)")
    def engaged_json(self, row):
        return pretty_json(row.engaged)


@admin.register(ProfileRelationshipLog)
class RelationshipAdmin(StoredDataAdmin):
    list_display = ("profile_id", "relation", "other_handle", "other_id", "other_full_name", "other_is_private",
                    "other_is_verified", "task_id", "fetched_at")
    list_filter = ("relation", "source")
    search_fields = ("=profile_id", "^other_handle", "=other_id", "=task_id")
    ordering = ("-id",)

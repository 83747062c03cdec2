"""Comments and likes of posts (post_activity_log)."""
from django.contrib import admin
from django.utils.text import Truncator

from beat.admin.stored import StoredDataAdmin
from instagram.models import PostActivityLog


@admin.register(PostActivityLog)
class PostActivityAdmin(StoredDataAdmin):
    list_display = ("shortcode", "activity_type", "actor_handle", "short_text", "likes", "created_at",
                    "keyword_list", "task_id", "fetched_at")
    list_filter = ("activity_type", "source")
    search_fields = ("=shortcode", "^actor_handle", "=actor_profile_id", "=task_id")
    search_help_text = "A shortcode, an author's handle (its start) or id, or a task id."
    ordering = ("-id",)

    @admin.display(description="text")
    def short_text(self, activity):
        return Truncator(activity.text or "").chars(80) or "-"

    @admin.display(description="keywords")
    def keyword_list(self, activity):
        return ", ".join(activity.keywords or []) or "-"

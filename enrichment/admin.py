"""GPT answers and comment sentiment (written by workers: shown, never edited), and post collections
(managed here for an account) with their sentiment shares."""
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from beat.queue.services import submit
from enrichment.models import CommentSentiment, GptProfileData, PostCollection, PostCollectionItem
from enrichment.selectors import collection_shares, shares, shares_by_post
from beat.admin.display import pretty_json
from beat.admin.stored import StoredDataAdmin


def percent(share) -> str:
    return "-" if share is None else f"{share:.0%}"


def shares_html(shares: dict) -> str:
    return format_html("{} comments: {} positive, {} neutral, {} negative", shares["comments"],
                       percent(shares["positive"]), percent(shares["neutral"]), percent(shares["negative"]))


@admin.register(GptProfileData)
class GptProfileDataAdmin(StoredDataAdmin):
    list_display = ("handle", "kind", "prompt_version", "model", "asks", "total_tokens", "refreshed_at")
    list_filter = ("kind", "prompt_version", "model")
    search_fields = ("^handle", "=profile_id")
    ordering = ("-refreshed_at",)
    readonly_fields = ("answer",)
    exclude = ("data",)

    @admin.display(description="answer")
    def answer(self, row):
        return pretty_json(row.data)


@admin.register(CommentSentiment)
class CommentSentimentAdmin(StoredDataAdmin):
    list_display = ("shortcode", "comment_id", "sentiment", "score", "scorer", "short_comment", "scored_at")
    list_filter = ("sentiment", "scorer", "platform")
    search_fields = ("=shortcode", "=comment_id", "=actor_profile_id")
    ordering = ("-scored_at",)

    @admin.display(description="comment")
    def short_comment(self, row):
        return row.comment[:80]

    def changelist_view(self, request, extra_context=None):
        """Above the list: the shares of the comments shown (search a shortcode for a post's)."""
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["subtitle"] = shares_html(shares(changelist.queryset))
        return response


class ItemInline(admin.TabularInline):
    model = PostCollectionItem
    extra = 3
    fields = ("shortcode", "added_at")
    readonly_fields = ("added_at",)


@admin.register(PostCollection)
class PostCollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "platform", "created_at")
    list_filter = ("platform", "account")
    search_fields = ("name", "=id")
    inlines = [ItemInline]
    fields = ("name", "account", "platform", "sentiment", "sentiment_by_post")
    readonly_fields = ("sentiment", "sentiment_by_post")
    actions = ["write_sentiment_report"]

    @admin.display(description="sentiment of its comments")
    def sentiment(self, collection):
        return shares_html(collection_shares(collection)) if collection.pk else "-"

    @admin.display(description="sentiment by post")
    def sentiment_by_post(self, collection):
        if not collection.pk:
            return "-"
        items = ((code, shares_html(post)) for code, post in shares_by_post(collection).items())
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", items))

    @admin.action(description="Write the sentiment report (fetch_sentiment_report)")
    def write_sentiment_report(self, request, queryset):
        for collection in queryset:
            task, _ = submit("fetch_sentiment_report", {"collectionType": "POST", "collectionId": str(collection.pk)})
            messages.info(request, f"{collection}: task {task.pk}")

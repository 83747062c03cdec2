"""Positive / neutral / negative shares of scored comments: of a post, a profile, a collection.

One aggregate query each. Shares are fractions of the scored comments (null when none is scored:
an unscored post has no sentiment, not a neutral one).
"""
from django.db.models import Count, Q, QuerySet

from enrichment.models import CommentSentiment, PostCollection, Sentiment
from instagram.models import InstagramPost


def shares(scored: QuerySet) -> dict:
    counts = scored.aggregate(comments=Count("id"), **{
        label: Count("id", filter=Q(sentiment=label)) for label in Sentiment.values})
    total = counts["comments"]
    return {"comments": total, **{label: (counts[label] / total if total else None) for label in Sentiment.values}}


def post_shares(platform: str, shortcode: str) -> dict:
    return shares(CommentSentiment.objects.filter(platform=platform, shortcode=shortcode))


def profile_shares(profile_id: str) -> dict:
    """The comments on an Instagram profile's own posts."""
    posts = InstagramPost.objects.filter(profile_id=profile_id).values("shortcode")
    return shares(CommentSentiment.objects.filter(platform="INSTAGRAM", shortcode__in=posts))


def collection_shares(collection: PostCollection) -> dict:
    posts = collection.items.values("shortcode")
    return shares(CommentSentiment.objects.filter(platform=collection.platform, shortcode__in=posts))


def shares_by_post(collection: PostCollection) -> dict[str, dict]:
    """{shortcode: shares} of every post of a collection, in one grouped query."""
    rows = (CommentSentiment.objects.filter(platform=collection.platform,
                                            shortcode__in=collection.items.values("shortcode"))
            .values("shortcode").annotate(comments=Count("id"), **{
                label: Count("id", filter=Q(sentiment=label)) for label in Sentiment.values}))
    found = {row["shortcode"]: {"comments": row["comments"],
                                **{label: row[label] / row["comments"] for label in Sentiment.values}}
             for row in rows}
    empty = {"comments": 0, **{label: None for label in Sentiment.values}}
    return {code: found.get(code, empty) for code in collection.items.values_list("shortcode", flat=True)}

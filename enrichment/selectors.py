"""Enrichment's reads, for flows, API answers and the admin.

GPT: the profile text a flow asks about, and the stored answers of a handle. Sentiment: positive /
neutral / negative shares of scored comments of a post, a profile, a collection, one aggregate query
each; a share is a fraction of the scored comments, null when none is scored (an unscored post has no
sentiment, not a neutral one).
"""
from django.db.models import Count, F, Q, QuerySet

from beat.errors import NotFound
from enrichment.models import CommentSentiment, GptProfileData, PostCollection, Sentiment
from instagram.models import InstagramAccount, InstagramPost, ProfileState


# --- GPT ---

def stored_profile_text(handle: str) -> dict:
    """{name, handle, bio, category} of the latest stored profile with this handle."""
    row = (InstagramAccount.objects.filter(handle=handle, state=ProfileState.OK)
           .order_by(F("refreshed_at").desc(nulls_last=True), "-id")
           .values("full_name", "handle", "biography", "category", "profile_id").first())
    if row is None:
        raise NotFound(f"No stored Instagram profile @{handle}: refresh it first, or pass data {{name, handle, bio}}.",
                       details={"handle": handle})
    return {"name": row["full_name"] or "", "handle": row["handle"], "bio": row["biography"] or "",
            "category": row["category"] or "", "profile_id": row["profile_id"]}


def profile_id_of(handle: str) -> str | None:
    return (InstagramAccount.objects.filter(handle=handle).exclude(profile_id=None)
            .order_by(F("refreshed_at").desc(nulls_last=True), "-id").values_list("profile_id", flat=True).first())


def gpt_data_of(handle: str) -> dict:
    """{kind: {data, prompt_version, model, tokens, refreshed_at}} of a handle, for the profile answer."""
    rows = GptProfileData.objects.filter(handle=handle).values(
        "kind", "data", "prompt_version", "model", "prompt_tokens", "completion_tokens", "total_tokens",
        "refreshed_at")
    return {row.pop("kind"): row for row in rows}


# --- sentiment shares ---

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

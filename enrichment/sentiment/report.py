"""The sentiment report of a post collection: one row per scored comment of its posts, in the FastAPI
Beat's columns (its ClickHouse query joined sentiment_log_events to the collection's items)."""
from enrichment.models import CommentSentiment, PostCollection
from enrichment.reports import FLOAT, STRING
from instagram.models import InstagramPost, PostActivityLog

REPORT_COLUMNS = {"collection_id": STRING, "collection_type": STRING, "platform": STRING, "shortcode": STRING,
                  "comment_id": STRING, "comment": STRING, "keywords": STRING, "sentiment": STRING,
                  "score": FLOAT, "post_type": STRING, "actor_profile_id": STRING}


def report_rows(collection: PostCollection, collection_type: str) -> list[dict]:
    shortcodes = list(collection.items.values_list("shortcode", flat=True))
    post_types = dict(InstagramPost.objects.filter(shortcode__in=shortcodes).values_list("shortcode", "post_type"))
    scored = (CommentSentiment.objects.filter(platform=collection.platform, shortcode__in=shortcodes)
              .order_by("shortcode", "comment_id"))
    # comments scored from a payload without keywords: the stored comment's own (YAKE, at fetch time)
    stored_keywords = {(code, comment_id): words for code, comment_id, words in PostActivityLog.objects.filter(
        shortcode__in=shortcodes, activity_type="comment").values_list("shortcode", "activity_id", "keywords")}
    return [{"collection_id": str(collection.id), "collection_type": collection_type, "platform": row.platform,
             "shortcode": row.shortcode, "comment_id": row.comment_id, "comment": row.comment,
             "keywords": ",".join(row.keywords or stored_keywords.get((row.shortcode, row.comment_id)) or []),
             "sentiment": row.sentiment, "score": round(row.score, 2), "post_type": post_types.get(row.shortcode),
             "actor_profile_id": row.actor_profile_id}
            for row in scored]

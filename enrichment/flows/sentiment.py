"""sentiment_extraction (the post_activity_log_bulk payload) and fetch_sentiment_report (a collection)."""
from beat.errors import NotFound
from beat.flows import flow
from enrichment import events
from enrichment.flows.params import Sentiment, SentimentReport
from enrichment.models import CommentSentiment, PostCollection
from enrichment.reports import FLOAT, STRING, bucket, write_parquet
from enrichment.results import flow_result
from enrichment.sentiment.payload import comments_of
from enrichment.sentiment.scorers import scorer_name
from enrichment.services.sentiment import comment_sentiments_score
from instagram.models import InstagramPost, PostActivityLog

REPORT_COLUMNS = {"collection_id": STRING, "collection_type": STRING, "platform": STRING, "shortcode": STRING,
                  "comment_id": STRING, "comment": STRING, "keywords": STRING, "sentiment": STRING,
                  "score": FLOAT, "post_type": STRING, "actor_profile_id": STRING}


@flow("sentiment_extraction", params=Sentiment, platform="BEAT", queue="messages")
def sentiment_extraction(ctx, *, platform, activity_type, post_activity_logs):
    """Scores the comments of a post_activity_log_bulk payload and stores a label and score per comment."""
    comments, skipped = comments_of(post_activity_logs, activity_type)
    rows = comment_sentiments_score(platform=platform, comments=comments, ctx=ctx) if comments else []
    for row in rows:
        events.emit(events.BEAT, "sentiment_log_events", events.sentiment_log_event(
            platform=row.platform, shortcode=row.shortcode, comment_id=row.comment_id, comment=row.comment,
            sentiment=row.sentiment, score=row.score, source=row.scorer))
    counts = {label: sum(row.sentiment == label for row in rows) for label in ("positive", "neutral", "negative")}
    return flow_result(source=scorer_name(), fetched=len(post_activity_logs), updated=len(rows),
                       changed={"shortcodes": sorted({row.shortcode for row in rows})}, skipped=skipped,
                       sentiments=counts)


@flow("fetch_sentiment_report", params=SentimentReport, platform="BEAT", queue="messages", timeout=1800)
def fetch_sentiment_report(ctx, *, collectionType, collectionId):  # noqa: N803 - the FastAPI Beat's names
    """Writes the Parquet sentiment report of a post collection (one row per scored comment)."""
    collection = _collection(collectionId, getattr(ctx, "account_id", None))
    rows = report_rows(collection, collectionType)
    name = write_parquet(f"reports/sentiment/{collectionType}_{collection.id}_{ctx.task_id}.parquet",
                         REPORT_COLUMNS, rows)
    events.emit(events.COFFEE, "sentiment_collection_report_out_rk", events.sentiment_report_completion(
        collection_type=collectionType, collection_id=str(collection.id), path=name, bucket=bucket()))
    return flow_result(source="beat", fetched=len(rows), created=1, changed={"reports": [name]},
                       report_path=name, rows=len(rows))


def _collection(collection_id, account_id) -> PostCollection:
    """The collection, when the task's account owns it (tasks of no account: staff and messages)."""
    found = PostCollection.objects.filter(pk=collection_id)
    if account_id is not None:
        found = found.filter(account_id=account_id)
    collection = found.first()
    if collection is None:
        raise NotFound(f"No post collection {collection_id}.", details={"collectionId": str(collection_id)})
    return collection


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

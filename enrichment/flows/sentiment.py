"""sentiment_extraction (the post_activity_log_bulk payload) and fetch_sentiment_report (a collection)."""
from beat.errors import NotFound
from beat.flows import flow
from enrichment import events
from enrichment.flows.params import Sentiment, SentimentReport
from enrichment.models import PostCollection
from enrichment.reports import bucket, write_parquet
from enrichment.results import flow_result
from enrichment.sentiment.payload import comments_of
from enrichment.sentiment.report import REPORT_COLUMNS, report_rows
from enrichment.sentiment.scorers import scorer_name
from enrichment.services.sentiment import comment_sentiments_score

@flow("sentiment_extraction", params=Sentiment, platform="BEAT", queue="messages")
def sentiment_extraction(ctx, *, platform, activity_type, post_activity_logs):
    """Scores the comments of a post_activity_log_bulk payload and stores a label and score per comment."""
    comments, skipped = comments_of(post_activity_logs, activity_type)
    rows = comment_sentiments_score(platform=platform, comments=comments, ctx=ctx) if comments else []
    events.emit_many(events.BEAT, "sentiment_log_events", [events.sentiment_log_event(
        platform=row.platform, shortcode=row.shortcode, comment_id=row.comment_id, comment=row.comment,
        sentiment=row.sentiment, score=row.score, source=row.scorer) for row in rows], task_id=ctx.task_id)
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
        collection_type=collectionType, collection_id=str(collection.id), path=name, bucket=bucket()),
        task_id=ctx.task_id)
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

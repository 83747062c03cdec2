"""fetch_keyword_collection: the stored posts about some keywords in a period, as a Parquet report."""
from datetime import date

from beat.errors import NotImplementedYet
from beat.flows import flow
from enrichment import events
from enrichment.flows.params import KeywordCollection
from enrichment.keywords.report import (COLUMNS, DEMOGRAPHIC_COLUMNS, MAX_POSTS, demographic_rows, matching_posts,
                                       report_rows)
from enrichment.reports import bucket, write_parquet
from enrichment.results import flow_result


@flow("fetch_keyword_collection", params=KeywordCollection, platform="BEAT", queue="messages", timeout=1800)
def fetch_keyword_collection(ctx, *, job_id, platform, keywords, start_date, end_date):
    """Writes the report of the stored posts whose caption has a keyword, with their profiles' audiences."""
    if platform == "YOUTUBE":
        # The FastAPI Beat first ran the keyword search (refresh_yt_posts_by_search); that flow comes with
        # the YouTube work. Failing clearly beats a report silently missing the searched videos.
        raise NotImplementedYet("fetch_keyword_collection for YOUTUBE needs refresh_yt_posts_by_search, "
                                "which is not built yet", details={"platform": platform})
    posts, cut_short = matching_posts(keywords, _day(start_date), _day(end_date))
    rows = report_rows(posts)
    stem = f"reports/keyword_collection/{_safe(job_id)}_{ctx.task_id}"
    path = write_parquet(f"{stem}.parquet", COLUMNS, rows)
    demographic_path = write_parquet(f"{stem}_demographic.parquet", DEMOGRAPHIC_COLUMNS,
                                     demographic_rows(row["profile_id"] for row in rows))
    events.emit(events.COFFEE, "keyword_collection_report_completion", events.keyword_report_completion(
        job_id=job_id, path=path, demographic_path=demographic_path, bucket=bucket()), task_id=ctx.task_id)
    # incomplete work is never COMPLETE
    stop_reason = f"more than {MAX_POSTS} candidate posts" if cut_short else "end"
    return flow_result(source="beat", fetched=len(rows), created=2, changed={"reports": [path, demographic_path]},
                       stop_reason=stop_reason, partial=cut_short, job_id=job_id, report_path=path,
                       demographic_report_path=demographic_path, rows=len(rows))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _safe(job_id: str) -> str:
    """A job id as a file name part: it comes from a message, so no path of its own."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(job_id))[:100] or "job"

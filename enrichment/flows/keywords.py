"""fetch_keyword_collection: the stored posts about some keywords in a period, as a Parquet report."""
from datetime import date

from beat.flows import flow
from enrichment import events
from enrichment.flows.params import KeywordCollection
from enrichment.keywords import report, youtube
from enrichment.reports import bucket, write_parquet
from enrichment.results import flow_result
from youtube.flows.search import refresh_yt_posts_by_search


@flow("fetch_keyword_collection", params=KeywordCollection, platform="BEAT", queue="messages", timeout=1800)
def fetch_keyword_collection(ctx, *, job_id, platform, keywords, start_date, end_date):
    """Writes the report of the stored posts whose caption (Instagram) or title (YouTube) has a keyword,
    with their profiles' audiences. For YouTube the keyword search runs first, in this task."""
    start, end = _day(start_date), _day(end_date)
    cut, extra = [], {}  # what made the report incomplete; what only a YouTube report says
    if platform == "YOUTUBE":
        searched = refresh_yt_posts_by_search(ctx, keywords=keywords, start_date=start.isoformat(),
                                              end_date=end.isoformat())
        if searched.partial:  # the report is written with what was found, and says it is partial
            cut.append(f"search: {searched.stop_reason}")
        extra["search"] = {"source": searched.source, "fetched": searched.fetched,
                           "quota_units": searched.extra.get("quota_units", 0), "stop_reason": searched.stop_reason}
        videos, cut_short = youtube.matching_videos(keywords, start, end)
        rows = youtube.report_rows(videos)
        demographic = youtube.demographic_rows(row["profile_id"] for row in rows)
    else:
        posts, cut_short = report.matching_posts(keywords, start, end)
        rows = report.report_rows(posts)
        demographic = report.demographic_rows(row["profile_id"] for row in rows)
    if cut_short:
        cut.append(f"more than {report.MAX_POSTS} candidate posts")
    stem = f"reports/keyword_collection/{_safe(job_id)}_{ctx.task_id}"
    path = write_parquet(f"{stem}.parquet", report.COLUMNS, rows)
    demographic_path = write_parquet(f"{stem}_demographic.parquet", report.DEMOGRAPHIC_COLUMNS, demographic)
    events.emit(events.COFFEE, "keyword_collection_report_completion", events.keyword_report_completion(
        job_id=job_id, path=path, demographic_path=demographic_path, bucket=bucket()), task_id=ctx.task_id)
    # incomplete work is never COMPLETE
    return flow_result(source="beat", fetched=len(rows), created=2, changed={"reports": [path, demographic_path]},
                       stop_reason="; ".join(cut) or "end", partial=bool(cut), job_id=job_id, report_path=path,
                       demographic_report_path=demographic_path, rows=len(rows), **extra)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _safe(job_id: str) -> str:
    """A job id as a file name part: it comes from a message, so no path of its own."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(job_id))[:100] or "job"

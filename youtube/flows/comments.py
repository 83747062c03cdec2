"""A video's comments, page by page, from a signed resume cursor; each page is stored with its
post_activity_log_bulk event (the sentiment pipeline's input) in one transaction."""
from django.db import transaction

from beat.errors import NotFound
from beat.events import emit
from beat.flows import FlowResult
from beat.flows.cursor import open_cursor, sign_cursor
from beat.flows.pagination import walk
from youtube import events
from youtube.flows import params
from youtube.flows.fetch import Pager
from youtube.flows.params import COMMENTS_CURSOR as CURSOR_KIND, comment_sources
from youtube.flows.posts import not_found
from youtube.flows.registration import youtube_flow
from youtube.providers.base import COMMENTS
from youtube.services import comments_upsert

MAX_COMMENTS = 1000  # the FastAPI Beat's default


@youtube_flow("fetch_yt_post_comments", params=params.YtComments)
def fetch_yt_post_comments(ctx, *, shortcode, max_comments=None, cursor=None):
    """Comment threads, newest first, up to max_comments (1000); comments turned off is an answer."""
    source = position = None
    if cursor:
        resume = open_cursor(cursor, kind=CURSOR_KIND, key=shortcode, sources=comment_sources())
        source, position = resume.source, resume.position
    pager = Pager(ctx, COMMENTS, lambda p, page: p.comments(shortcode, page), source=source)
    stored = FlowResult()
    published = 0

    def on_page(comments):
        nonlocal published
        with transaction.atomic():
            written = comments_upsert(shortcode=shortcode, records=comments, source=pager.source,
                                      task_id=ctx.task_id)
            emit("post_activity_log_bulk", events.post_activity_log_bulk(
                shortcode=shortcode, comments=list(comments), source=pager.source, task_id=ctx.task_id),
                task_id=ctx.task_id)
        published += 1
        stored.count(created=written.created, updated=written.updated)
        stored.change("comment_ids", [key[1] for key in written.keys])

    try:
        done = walk(pager, on_page, cursor=position, max_items=max_comments or MAX_COMMENTS, ctx=ctx)
    except NotFound as exc:
        if (exc.details or {}).get("reason") != "commentsDisabled":
            return not_found(exc)
        return FlowResult(source=exc.source, state="comments_disabled", message=exc.message,
                          tried=pager.tried).stop("comments_disabled").change("shortcodes", [shortcode])
    result = FlowResult(source=pager.source, fetched=done.fetched, created=stored.created, updated=stored.updated,
                        pages=done.pages, tried=pager.tried, changed=stored.changed)
    result.stop(done.stop_reason, partial=done.partial, error=done.error,
                next_cursor=sign_cursor(CURSOR_KIND, key=shortcode, source=pager.source, position=done.next_cursor))
    result.change("shortcodes", [shortcode])
    result.extra["events"] = {"post_activity_log_bulk": published}
    return result

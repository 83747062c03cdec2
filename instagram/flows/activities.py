"""A post's comments (with their YAKE keywords) and likes, stored as post_activity_log rows."""
from beat.flows import flow
from instagram.flows import params
from instagram.flows.paging import walk_and_store
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.providers.base import COMMENTS, LIKERS
from instagram.selectors import stored_post
from instagram.services import activities_upsert

IG = params.IG


def fetch_activities(ctx, operation: str, *, shortcode: str, max_items: int, cursor: str | None):
    post = stored_post(shortcode)
    post_id = post.post_id if post else None  # Graph reads comments by media id

    def fetch_page(provider, page_cursor):
        if operation == COMMENTS:
            return provider.comments(shortcode, page_cursor, post_id=post_id)
        return provider.likers(shortcode, page_cursor)

    def store(items, source, raw):
        return activities_upsert(shortcode=shortcode, records=items, source=source, post_id=post_id,
                                 task_id=ctx.task_id)

    handle = post.handle if post else None  # Graph comments need the owner's own credential
    try:
        result, upserts = walk_and_store(ctx, operation, fetch_page, store, key=shortcode, cursor=cursor,
                                         max_items=max_items, handle=handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, shortcode=shortcode)
    result.change("shortcodes", [shortcode])
    return result.change("activities", [activity_id for (_shortcode, _type, activity_id) in upserts.keys])


@flow("fetch_post_comments", params=params.Comments, platform=IG, queue="instagram")
def fetch_post_comments(ctx, *, shortcode, max_comments=1000, cursor=None):
    """A post's comments up to max_comments (1,000), with keywords; resumes from cursor."""
    return fetch_activities(ctx, COMMENTS, shortcode=shortcode, max_items=max_comments, cursor=cursor)


@flow("fetch_post_likes", params=params.Likes, platform=IG, queue="instagram")
def fetch_post_likes(ctx, *, shortcode, max_likes=2000, cursor=None):
    """A post's likers up to max_likes (2,000); resumes from cursor."""
    return fetch_activities(ctx, LIKERS, shortcode=shortcode, max_items=max_likes, cursor=cursor)

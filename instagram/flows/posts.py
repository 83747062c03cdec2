"""Posts that are not a profile's own refresh: one post by shortcode, posts tagging a profile, a hashtag's."""
from beat.flows import flow
from instagram.flows import params
from instagram.flows.fallback import answered, first_answer
from instagram.flows.paging import walk_and_store
from instagram.flows.raw_items import raw_items
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.providers.base import HASHTAG, POST_BY_SHORTCODE, TAGGED
from instagram.services import posts_upsert

IG = params.IG
TAGGED_DEFAULT = 50


@flow("refresh_post_by_shortcode", params=params.PostByShortcode, platform=IG, queue="instagram")
def refresh_post_by_shortcode(ctx, *, shortcode):
    """One post, reel or carousel by its shortcode."""
    try:
        answer = first_answer(ctx, POST_BY_SHORTCODE, lambda p: p.post_by_shortcode(shortcode))
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, shortcode=shortcode)  # a post has no state row: the answer says it
    post, raw = answer.value
    # its item, as every page's post keeps (instagram.reparse reads items); the answer when none is found
    items = {post.shortcode: raw, **raw_items(raw, [post])}
    stored = posts_upsert(records=[post], source=answer.source, raw_by_shortcode=items, task_id=ctx.task_id)
    result = answered(answer, stored).change("shortcodes", stored.keys)
    return result.change("profile_ids", [post.profile_id] if post.profile_id else [])


def walk_posts(ctx, operation: str, fetch_page, *, key: str, cursor: str | None, max_posts: int,
               profile_id: str | None = None):
    """Page through posts that belong to others (tagged, hashtag): stored without a refreshed profile."""
    def store(items, source, raw):
        return posts_upsert(records=items, source=source, raw_by_shortcode=raw_items(raw, items), task_id=ctx.task_id)

    try:
        result, upserts = walk_and_store(ctx, operation, fetch_page, store, key=key, cursor=cursor,
                                         max_items=max_posts)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, profile_id=profile_id)
    result.change("shortcodes", upserts.keys)
    return result.change("profile_ids", [profile_id] if profile_id else [])


@flow("refresh_tagged_posts_by_profile_id", params=params.Tagged, platform=IG, queue="instagram",
      aliases=("fetch_tagged_posts",))
def refresh_tagged_posts_by_profile_id(ctx, *, profile_id, max_posts=None):
    """Posts of other accounts that tag this profile (50 unless max_posts)."""
    return walk_posts(ctx, TAGGED, lambda p, cursor: p.tagged(profile_id, cursor), key=profile_id, cursor=None,
                      max_posts=max_posts or TAGGED_DEFAULT, profile_id=profile_id)


@flow("fetch_hashtag_posts", params=params.Hashtag, platform=IG, queue="instagram")
def fetch_hashtag_posts(ctx, *, hashtag, max_posts, cursor=None):
    """A hashtag's posts, up to max_posts; resumes from cursor."""
    tag = params.hashtag_key(hashtag)
    result = walk_posts(ctx, HASHTAG, lambda p, page_cursor: p.hashtag(tag, page_cursor), key=tag, cursor=cursor,
                        max_posts=max_posts)
    result.extra["hashtag"] = tag
    return result

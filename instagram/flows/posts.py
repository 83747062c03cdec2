"""Posts that are not a profile's own refresh: one post by shortcode, posts tagging a profile, a hashtag's."""
from beat.errors import NotFound, Private
from beat.flows import flow
from instagram.flows import params
from instagram.flows.common import call, entity_answer, keys, paged_result, raw_items, walk_and_store
from instagram.providers.base import HASHTAG, POST, TAGGED
from instagram.services import posts_upsert

IG = params.IG
TAGGED_DEFAULT = 50


@flow("refresh_post_by_shortcode", params=params.PostByShortcode, platform=IG, queue="instagram")
def refresh_post_by_shortcode(ctx, *, shortcode):
    """One post, reel or carousel by its shortcode."""
    try:
        answer = call(ctx, POST, lambda p: p.post(shortcode))
    except (NotFound, Private) as exc:
        return entity_answer(exc, ctx=ctx, shortcode=shortcode)  # a post has no state row: the answer says it
    post, raw = answer.value
    stored = posts_upsert(records=[post], source=answer.source, raw_by_shortcode={post.shortcode: raw},
                          task_id=ctx.task_id)
    return {"state": "ok", "source": answer.source, "tried": answer.tried, "fetched": 1, "created": stored.created,
            "updated": stored.updated, "pages": 1, "stop_reason": "end",
            "changed": {"shortcodes": keys(stored), "profile_ids": [post.profile_id] if post.profile_id else []}}


def walk_posts(ctx, operation: str, fetch_page, *, cursor: str | None, max_posts: int,
               profile_id: str | None = None) -> dict:
    """Page through posts that belong to others (tagged, hashtag): stored without a refreshed profile."""
    def store(items, source, raw):
        return posts_upsert(records=items, source=source, raw_by_shortcode=raw_items(raw, items), task_id=ctx.task_id)

    try:
        done, upserts, pager = walk_and_store(ctx, operation, fetch_page, store, cursor=cursor, max_items=max_posts)
    except (NotFound, Private) as exc:
        return entity_answer(exc, ctx=ctx, profile_id=profile_id)
    return paged_result(done, upserts, pager.source, tried=pager.tried,
                        changed={"shortcodes": keys(upserts), "profile_ids": [profile_id] if profile_id else []})


@flow("refresh_tagged_posts_by_profile_id", params=params.Tagged, platform=IG, queue="instagram",
      aliases=("fetch_tagged_posts",))
def refresh_tagged_posts_by_profile_id(ctx, *, profile_id, max_posts=None):
    """Posts of other accounts that tag this profile (50 unless max_posts)."""
    return walk_posts(ctx, TAGGED, lambda p, cursor: p.tagged(profile_id, cursor), cursor=None,
                      max_posts=max_posts or TAGGED_DEFAULT, profile_id=profile_id)


@flow("fetch_hashtag_posts", params=params.Hashtag, platform=IG, queue="instagram")
def fetch_hashtag_posts(ctx, *, hashtag, max_posts, cursor=None):
    """A hashtag's posts, up to max_posts; resumes from cursor."""
    tag = hashtag.lstrip("#").lower()
    result = walk_posts(ctx, HASHTAG, lambda p, page_cursor: p.hashtag(tag, page_cursor), cursor=cursor,
                        max_posts=max_posts)
    return {**result, "hashtag": tag}

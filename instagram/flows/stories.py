"""Live stories of a profile, stored with the owner's figures at the time (first write wins)."""
from beat.flows import flow
from instagram.flows import params
from instagram.flows.fallback import answered, first_answer
from instagram.flows.profiles import profile_id_for
from instagram.flows.raw_items import raw_items
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.providers.base import STORIES
from instagram.services import stories_upsert
from instagram.services.posts import STORY_SNAPSHOT, story_profile_snapshot

IG = params.IG


def refresh_stories(ctx, *, profile_id: str, handle: str | None, story_ids=None, snapshot: dict | None = None):
    try:
        answer = first_answer(ctx, STORIES, lambda p: p.stories(profile_id), handle=handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, handle=handle, profile_id=profile_id)
    stories, raw = answer.value
    wanted = set(story_ids or ())
    kept = [s for s in stories if not wanted or s.shortcode in wanted]
    stored = stories_upsert(records=kept, source=answer.source, profile_id=profile_id, profile_snapshot=snapshot,
                            raw_by_shortcode=raw_items(raw, kept), task_id=ctx.task_id)
    result = answered(answer, stored, fetched=len(stories), profile_id=profile_id)
    result.change("profile_ids", [profile_id]).change("shortcodes", stored.keys)
    return result.stop("end" if stories else "no_live_stories")


@flow("refresh_stories_posts", params=params.ProfileByHandle, platform=IG, queue="instagram")
def refresh_stories_posts(ctx, *, handle):
    """A handle's live stories (its profile is looked up first when it is not stored)."""
    try:
        profile_id = profile_id_for(ctx, handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, handle=handle)
    return refresh_stories(ctx, profile_id=profile_id, handle=handle)


@flow("refresh_story_posts_by_profile_id", params=params.StoryPosts, platform=IG, queue="instagram")
def refresh_story_posts_by_profile_id(ctx, *, profile_id, handle=None, story_ids=None, **figures):
    """A profile's live stories (only story_ids when given), with the owner's figures from the params
    when the caller gave them, else as stored now."""
    given = {name: figures[name] for name in STORY_SNAPSHOT if figures.get(name) is not None}
    snapshot = {**story_profile_snapshot(profile_id=profile_id), **given} if given else None
    return refresh_stories(ctx, profile_id=profile_id, handle=handle, story_ids=story_ids, snapshot=snapshot)

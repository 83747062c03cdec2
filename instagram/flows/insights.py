"""The owner's own Graph API insights (with the handle's own credential): a post's, a story's, and the
audience of a profile (followers, reached and engaged, by country, city and gender-age)."""
from beat.errors import InvalidParams, NotFound
from beat.flows import flow
from instagram.flows import params
from instagram.flows.fallback import answered, first_answer
from instagram.flows.profiles import profile_id_for
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.providers.base import AUDIENCE_INSIGHTS, POST_INSIGHTS, PROFILE_BY_HANDLE, STORIES, STORY_INSIGHTS
from instagram.providers.orders import GRAPH
from instagram.selectors import stored_post
from instagram.services import insights_upsert, post_insights_apply

IG = params.IG


def graph_media(ctx, shortcode: str, handle: str) -> tuple[str, str | None]:
    """(Graph media id, post type) of one of the handle's latest posts, read through business_discovery:
    a scraper's post id is not the Graph media id the insights edge needs."""
    answer = first_answer(ctx, PROFILE_BY_HANDLE, lambda p: p.profile_by_handle(handle), source=GRAPH)
    (_profile, posts), _raw = answer.value
    for post in posts.items:
        if post.shortcode == shortcode and post.post_id:
            return post.post_id, post.post_type
    raise InvalidParams(f"{shortcode} is not among @{handle}'s latest posts: give its post_id")


@flow("refresh_post_insights", params=params.PostInsights, platform=IG, queue="instagram")
def refresh_post_insights(ctx, *, shortcode, handle, post_id=None, post_type=None):
    """A post's insights from the Graph API, with the owner's own token."""
    stored = stored_post(shortcode)
    post_type = post_type or (stored.post_type if stored else None)
    try:
        if not post_id:
            post_id, found_type = graph_media(ctx, shortcode, handle)
            post_type = post_type or found_type
        kind = post_type or "image"
        answer = first_answer(ctx, POST_INSIGHTS, lambda p: p.post_insights(post_id, kind), handle=handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, shortcode=shortcode)
    record, raw = answer.value
    written = post_insights_apply(shortcode=shortcode, record=record, source=answer.source, post_type=kind, raw=raw,
                                  task_id=ctx.task_id)
    return answered(answer, written, post_id=post_id, post_type=kind).change("shortcodes", written.keys)


def graph_story_id(ctx, shortcode: str, handle: str, story_id: str | None) -> str:
    """The Graph media id of a story. A story's shortcode is Instagram's own media pk, which Graph does
    not know (error 100): a given story_id other than the shortcode is taken as the Graph id, a story
    stored from Graph has it as post_id, and otherwise the handle's live stories are read again through
    Graph with its own token, as the FastAPI Beat did, and matched by pk (their permalink ends with it)."""
    if story_id and str(story_id) != shortcode:
        return str(story_id)
    stored = stored_post(shortcode)
    if stored is not None and stored.source == GRAPH and stored.post_id:
        return stored.post_id
    answer = first_answer(ctx, STORIES, lambda p: p.stories(None), source=GRAPH, handle=handle)
    stories, _raw = answer.value
    for story in stories:
        if story.shortcode == shortcode and story.post_id:
            return story.post_id
    raise NotFound(f"story {shortcode} is not among @{handle}'s live stories on the Graph API", source=GRAPH)


@flow("refresh_story_insights", params=params.StoryInsights, platform=IG, queue="instagram")
def refresh_story_insights(ctx, *, shortcode, handle, story_id=None, profile_id=None):
    """A story's insights (reach, replies, navigation, taps, exits ...), with the owner's own token."""
    try:
        story_id = graph_story_id(ctx, shortcode, handle, story_id)
        answer = first_answer(ctx, STORY_INSIGHTS, lambda p: p.story_insights(story_id), handle=handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, shortcode=shortcode)
    record, raw = answer.value
    written = post_insights_apply(shortcode=shortcode, record=record, source=answer.source, post_type="story",
                                  raw=raw, task_id=ctx.task_id)
    result = answered(answer, written, story_id=story_id).change("shortcodes", written.keys)
    return result.change("profile_ids", [profile_id] if profile_id else [])


@flow("refresh_profile_insights", params=params.ProfileByHandle, platform=IG, queue="instagram")
def refresh_profile_insights(ctx, *, handle):
    """A profile's audience demographics (followers, reached, engaged), with the handle's own token."""
    try:
        profile_id = profile_id_for(ctx, handle)
        answer = first_answer(ctx, AUDIENCE_INSIGHTS, lambda p: p.audience_insights(), handle=handle)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, handle=handle)
    record, raw = answer.value
    written = insights_upsert(profile_id=profile_id, record=record, source=answer.source, handle=handle, raw=raw,
                              task_id=ctx.task_id)
    return answered(answer, written, profile_id=profile_id, handle=handle).change("profile_ids", [profile_id])

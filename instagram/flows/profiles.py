"""Profile refreshes: the profile with the posts its answer embeds, then (by plan) recent posts and reels,
then the averages stored on the account."""
from django.utils import timezone

from beat.errors import NoProvider, NotFound, Private
from beat.flows import FlowResult, flow
from beat.flows.pagination import STORED
from instagram.flows import params
from instagram.flows.fallback import first_answer
from instagram.flows.feed import Plan, store_embedded, walk_feed
from instagram.flows.unavailable import UNAVAILABLE, unavailable
from instagram.providers.base import EMPTY_PAGE, POSTS, PROFILE_BY_HANDLE, PROFILE_BY_ID, REELS
from instagram.providers.orders import GRAPH
from instagram.selectors import stored_profile_id
from instagram.services import profile_averages_refresh, profile_upsert

IG = params.IG
RECENT_POSTS = Plan(max_items=50, window=True, incremental=True)
RECENT_REELS = Plan(max_items=10, window=True, incremental=True)


def refresh_profile(ctx, *, handle: str | None = None, profile_id: str | None = None, posts: Plan | None = None,
                    reels: Plan | None = None) -> FlowResult:
    """The profile and its embedded posts; then posts and reels when a plan is given for them."""
    started = timezone.now()
    try:
        answer = fetch_profile(ctx, handle=handle, profile_id=profile_id)
    except UNAVAILABLE as exc:
        return unavailable(exc, ctx=ctx, handle=handle, profile_id=profile_id)
    (profile, embedded), raw = answer.value
    account = profile_upsert(record=profile, source=answer.source, raw=raw, task_id=ctx.task_id)
    pid = account.profile_id
    result = FlowResult(state=account.state, source=answer.source, tried=answer.tried, pages=1,
                        stop_reason=str(account.state), extra={"profile_id": pid, "handle": account.handle})
    result.change("profile_ids", [pid or account.handle]).change("shortcodes", ())
    if profile.is_private or not pid:
        # a private account shows no posts; one without an id cannot own stored posts
        return result
    try:
        feed = dict(ctx=ctx, profile_id=pid, handle=account.handle, profile_source=answer.source, profile_raw=raw,
                    started=started)
        if posts is None:
            result.add_step("posts", store_embedded(embedded=embedded, **feed))
        elif profile.media_count != 0:
            result.add_step("posts", walk_feed(operation=POSTS, plan=posts, embedded=embedded, **feed))
        nothing_new = "posts" in result.steps and result.steps["posts"].stop_reason == STORED
        if reels is not None and (profile.media_count or 0) > 0 and not nothing_new:
            # reels sit in the feed too: a feed with nothing new has no new reels either
            result.add_step("reels", walk_feed(operation=REELS, plan=reels, embedded=EMPTY_PAGE, **feed))
    except Private as exc:
        return unavailable(exc, ctx=ctx, handle=account.handle, profile_id=pid)
    averages = profile_averages_refresh(profile_id=pid)
    result.extra["averages"] = {k: v for k, v in averages.__dict__.items() if v is not None}
    return result


def fetch_profile(ctx, *, handle: str | None = None, profile_id: str | None = None):
    """The profile answer through the fallback order. Graph's business discovery answers "not found"
    for personal accounts too (error 110 / 2207013, tests/fixtures/README.md section 1), so by handle a Graph
    "not found" is asked again of the other sources before it counts as an answer."""
    if not handle:
        return first_answer(ctx, PROFILE_BY_ID, lambda p: p.profile_by_id(profile_id))
    try:
        return first_answer(ctx, PROFILE_BY_HANDLE, lambda p: p.profile_by_handle(handle))
    except NotFound as exc:
        if (exc.details or {}).get("source") != GRAPH:
            raise
        graph_said = exc
    tried = graph_said.details.get("tried", [])
    try:
        answer = first_answer(ctx, PROFILE_BY_HANDLE, lambda p: p.profile_by_handle(handle), skip=(GRAPH,))
    except NoProvider:
        raise graph_said from None  # nobody else to ask: Graph's answer stands
    except (NotFound, Private) as exc:
        exc.details = {**(exc.details or {}), "tried": tried + exc.details.get("tried", [])}
        raise
    answer.tried = tried + answer.tried
    return answer


@flow("refresh_profile_by_handle", params=params.ProfileByHandle, platform=IG, concurrency=50, queue="instagram")
def refresh_profile_by_handle(ctx, *, handle):
    """Profile, recent posts (30 days or 50) and reels (30 days or 10), incremental; averages."""
    return refresh_profile(ctx, handle=handle, posts=RECENT_POSTS, reels=RECENT_REELS)


@flow("refresh_profile_by_profile_id", params=params.ProfileById, platform=IG, concurrency=50, queue="instagram")
def refresh_profile_by_profile_id(ctx, *, profile_id):
    """The same as refresh_profile_by_handle, by the numeric Instagram user id."""
    return refresh_profile(ctx, profile_id=profile_id, posts=RECENT_POSTS, reels=RECENT_REELS)


@flow("refresh_profile_basic", params=params.ProfileEither, platform=IG, concurrency=25, queue="instagram")
def refresh_profile_basic(ctx, *, profile_id=None, handle=None):
    """The profile and the posts its answer embeds: one upstream call."""
    return refresh_profile(ctx, handle=handle, profile_id=profile_id)


@flow("refresh_profile_custom", params=params.ProfileCustom, platform=IG, concurrency=2, queue="instagram")
def refresh_profile_custom(ctx, *, max_posts, profile_id=None, handle=None):
    """The profile, then its posts up to max_posts, whatever their age."""
    return refresh_profile(ctx, handle=handle, profile_id=profile_id, posts=Plan(max_items=max_posts))


def profile_id_for(ctx, handle: str) -> str | None:
    """The Instagram user id of a handle: the stored one, else a basic refresh (one call) finds it.
    NotFound / Private from that refresh propagate to the caller, which records them."""
    known = stored_profile_id(handle)
    if known:
        return known
    answer = fetch_profile(ctx, handle=handle)
    (profile, _embedded), raw = answer.value
    return profile_upsert(record=profile, source=answer.source, raw=raw, task_id=ctx.task_id).profile_id

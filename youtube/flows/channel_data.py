"""What a channel shows of itself: its audience (its own OAuth grant), its activity feed and its public
subscriptions."""
from datetime import timedelta

from django.utils import timezone

from beat.errors import NotFound, Private
from beat.flows import FlowResult
from beat.flows.pagination import walk
from youtube.flows import params
from youtube.flows.fetch import Pager, fetch
from youtube.flows.posts import not_found
from youtube.flows.registration import youtube_flow
from youtube.providers.base import ACTIVITIES, AUDIENCE, SUBSCRIPTIONS
from youtube.services import activities_upsert, insights_upsert, subscriptions_upsert

AUDIENCE_DAYS = 30
ANALYTICS_LAG = 3  # days: Analytics has no figures for the last two or three days yet
MAX_ACTIVITIES = 200
MAX_SUBSCRIPTIONS = 1000


@youtube_flow("refresh_yt_profile_insights", params=params.OneChannel)
def refresh_yt_profile_insights(ctx, *, channel_id):
    """Cities (50) and countries (10) by views, gender x age viewer percentages, over the last 30 days
    with figures, through the channel's own ytapi grant (stored with the channel id as its handle)."""
    end = timezone.now().date() - timedelta(days=ANALYTICS_LAG)
    start = end - timedelta(days=AUDIENCE_DAYS - 1)
    answer = fetch(ctx, AUDIENCE, lambda p: p.audience(channel_id, start, end), handle=channel_id)
    audience = answer.value
    written = insights_upsert(channel_id=channel_id, record=audience, start_date=start, end_date=end,
                              source=answer.source, raw=answer.raw, task_id=ctx.task_id)
    empty = not (audience.city or audience.country or audience.gender_age)
    result = FlowResult(source=answer.source, fetched=0 if empty else 1, created=written.created,
                        updated=written.updated, pages=len(answer.raw), tried=answer.tried)
    result.change("channel_ids", [channel_id])
    result.extra.update(start_date=str(start), end_date=str(end), rows={name: len(getattr(audience, name))
                                                                        for name in ("city", "country", "gender_age")})
    if empty:  # no rows is no data yet (a small or new channel), never zero viewers
        result.state, result.message = "no_data", "YouTube Analytics has no audience rows for this period."
        result.stop("no_data")
    return result


def walk_log(ctx, operation, list_page, store, *, max_items) -> FlowResult:
    pager = Pager(ctx, operation, list_page)
    written = FlowResult()

    def on_page(records):
        stored = store(records, pager.source)
        written.count(created=stored.created, updated=stored.updated)

    done = walk(pager, on_page, max_items=max_items, ctx=ctx)
    result = FlowResult(source=pager.source, fetched=done.fetched, created=written.created, updated=written.updated,
                        pages=done.pages, tried=pager.tried)
    return result.stop(done.stop_reason, partial=done.partial, error=done.error)


@youtube_flow("refresh_yt_activities", params=params.Activities)
def refresh_yt_activities(ctx, *, channel_id, max_activities=None):
    """The channel's activity feed (uploads, likes, playlist additions ...), newest first."""
    try:
        result = walk_log(ctx, ACTIVITIES, lambda p, cursor: p.activities(channel_id, cursor),
                          lambda records, source: activities_upsert(records=records, source=source,
                                                                    task_id=ctx.task_id),
                          max_items=max_activities or MAX_ACTIVITIES)
    except NotFound as exc:
        return not_found(exc)
    return result.change("channel_ids", [channel_id])


@youtube_flow("refresh_yt_profile_relationship", params=params.Relationship)
def refresh_yt_profile_relationship(ctx, *, channel_id, max_relationship=None):
    """The channels this one subscribes to. Subscriptions kept private (subscriptionForbidden) and no
    subscriptions at all are answers."""
    try:
        result = walk_log(ctx, SUBSCRIPTIONS, lambda p, cursor: p.subscriptions(channel_id, cursor),
                          lambda records, source: subscriptions_upsert(records=records, source=source,
                                                                       task_id=ctx.task_id),
                          max_items=max_relationship or MAX_SUBSCRIPTIONS)
    except Private as exc:  # subscriptionForbidden: the channel keeps its subscriptions private
        return (FlowResult(source=exc.source, state="subscriptions_private", message=exc.message)
                .stop("subscriptions_private").change("channel_ids", [channel_id]))
    except NotFound as exc:
        return not_found(exc)
    if result.fetched == 0:
        result.state, result.message = "no_subscriptions", "The channel shows no subscriptions."
    return result.change("channel_ids", [channel_id])

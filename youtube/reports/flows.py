"""The eleven YouTube report flows. Each reads its id list (inline or a stored CSV), refreshes through
the YouTube flows what the report shows fresh (channels, videos, listings, searches), then streams
its rows from the stored tables into CSV files, named after the flow, the day and the task.

Reports from history (monthly / daily stats), from audiences, subscriptions and the model service
read what Beat has stored: they need no upstream call of their own."""
from datetime import date, datetime, time, timedelta, timezone
from functools import partial

from beat.errors import InvalidParams, RateLimited
from beat.flows import FlowResult, flow
from beat.reports.csvfile import write_csv, write_jsonl
from beat.reports.ids import id_list
from beat.reports.links import report_result
from beat.reports.storage import report_name
from youtube.flows.posts import refresh_yt_posts, refresh_yt_posts_by_channel_id, refresh_yt_posts_by_playlist_id
from youtube.flows.profiles import refresh_channels
from youtube.flows.search import refresh_yt_posts_by_search
from youtube.reports import ad_vs_organic, audience, engagement, rows, stats
from youtube.reports.params import PARAMS, valid
from youtube.reports.refresh import refresh_each

report_flow = partial(flow, platform="YOUTUBE", queue="reports", timeout=1800)


def _register(name: str):
    return report_flow(name, params=PARAMS[name])


def ids_of(ctx, params: dict, name: str) -> tuple[list[str], list[str]]:
    ids, refused = id_list(params, name, account_id=ctx.account_id, valid=valid(name), ctx=ctx)
    if not ids:
        raise InvalidParams(f"No valid {name} given.", details={name: ["No valid id."], "refused": refused[:20]})
    return ids, refused


def csv(ctx, file: str, columns, source) -> tuple[str, int]:
    return write_csv(report_name(ctx.flow, ctx.task_id, file), columns, source)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _span(params) -> tuple[date, date]:
    return _day(params["start_date"]), _day(params["end_date"])


@_register("fetch_channels_csv")
def fetch_channels_csv(ctx, **params):
    """Channels by id, refreshed first (50 a call), as channels.csv."""
    ids, refused = ids_of(ctx, params, "channel_ids")
    refreshed = refresh_channels(ctx, ids)
    files = {"channels_csv": csv(ctx, "channels.csv", rows.CHANNEL_COLUMNS, rows.channels(ids))}
    return report_result(ctx, files, refreshed=refreshed, refused_ids=refused)


@_register("fetch_video_details_csv")
def fetch_video_details_csv(ctx, **params):
    """Videos by id, refreshed first (50 a call), as video_details.csv."""
    ids, refused = ids_of(ctx, params, "video_ids")
    refreshed = refresh_yt_posts(ctx, post_ids=ids)
    files = {"video_details_csv": csv(ctx, "video_details.csv", rows.VIDEO_COLUMNS, rows.videos(ids))}
    return report_result(ctx, files, refreshed=refreshed, refused_ids=refused)


@_register("fetch_channel_videos_csv")
def fetch_channel_videos_csv(ctx, **params):
    """Each channel's videos published from start_date to end_date, refreshed first, as channel_videos.csv."""
    ids, refused = ids_of(ctx, params, "channel_ids")
    start, end = _span(params)
    window = {"start_date": start.isoformat(), "end_date": end.isoformat()}
    refreshed, _ = refresh_each(ids, lambda cid: refresh_yt_posts_by_channel_id(ctx, channel_id=cid, filter=window))
    since = datetime.combine(start, time.min, tzinfo=timezone.utc)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc)
    files = {"channel_video_csv": csv(ctx, "channel_videos.csv", rows.VIDEO_COLUMNS,
                                      rows.channel_videos(ids, since, until))}
    return report_result(ctx, files, refreshed=refreshed, refused_ids=refused)


@_register("fetch_playlist_videos_csv")
def fetch_playlist_videos_csv(ctx, **params):
    """Each playlist's videos, walked afresh, as playlist_videos.csv (playlistId: the playlist asked)."""
    ids, refused = ids_of(ctx, params, "playlist_ids")
    refreshed, walks = refresh_each(ids, lambda pid: refresh_yt_posts_by_playlist_id(ctx, playlist_id=pid))

    def listed():
        for playlist_id, walk in walks.items():
            for row in rows.videos(walk.changed.get("shortcodes", [])):
                yield {**row, "playlistId": playlist_id}

    files = {"playlist_video_csv": csv(ctx, "playlist_videos.csv", rows.PLAYLIST_VIDEO_COLUMNS, listed())}
    return report_result(ctx, files, refreshed=refreshed, refused_ids=refused)


@_register("fetch_keyword_videos_csv")
def fetch_keyword_videos_csv(ctx, **params):
    """Videos searched for each keyword over the dates (refresh_yt_posts_by_search), their channels
    refreshed, as three files: video_list, channel_list and keyword_video_mapping."""
    keywords, refused = ids_of(ctx, params, "keywords")
    start, end = _span(params)
    searched = refresh_yt_posts_by_search(ctx, keywords=keywords, start_date=start.isoformat(),
                                          end_date=end.isoformat(), frequency=params.get("frequency"))
    mapping = {}  # (keyword, video id) -> None: first found first, no repeats
    for step_name, step in searched.steps.items():
        keyword = step_name.rsplit(" ", 1)[0]
        mapping.update(dict.fromkeys((keyword, code) for code in step.changed.get("shortcodes", [])))
    video_ids = list(dict.fromkeys(code for _, code in mapping))
    channel_ids = list(dict.fromkeys(row["channelId"] for row in rows.videos(video_ids) if row["channelId"]))
    try:
        channels = refresh_channels(ctx, channel_ids) if channel_ids else FlowResult()
    except RateLimited as exc:  # the searches spent quota already: the files are written from what is stored
        channels = FlowResult().stop("rate_limited", partial=True, error=exc.message)
    files = {
        "video_list_csv": csv(ctx, "video_list.csv", rows.KEYWORD_VIDEO_COLUMNS, rows.videos(video_ids)),
        "channel_list_csv": csv(ctx, "channel_list.csv", rows.CHANNEL_COLUMNS, rows.channels(channel_ids)),
        "keyword_video_mapping_csv": csv(ctx, "keyword_video_mapping.csv", ("keyword", "video_id"),
                                         ({"keyword": k, "video_id": v} for k, v in mapping)),
    }
    result = report_result(ctx, files, refreshed=searched, refused_ids=refused)
    return result.add_step("channels", channels)


def _stats(ctx, params, kind, key: str, file: str, columns):
    ids, refused = ids_of(ctx, params, "channel_ids")
    start, end = _span(params)
    files = {key: csv(ctx, file, columns, stats.report(ids, kind, start, end))}
    return report_result(ctx, files, refused_ids=refused)


@_register("fetch_channel_monthly_stats_csv")
def fetch_channel_monthly_stats_csv(ctx, **params):
    """Monthly lifetime figures and changes of channels, from their stored snapshots."""
    return _stats(ctx, params, stats.Monthly, "channel_monthly_stats_csv", "channel_monthly_stats.csv",
                  stats.MONTHLY_COLUMNS)


@_register("fetch_channel_daily_stats_csv")
def fetch_channel_daily_stats_csv(ctx, **params):
    """Daily lifetime figures and changes of channels, from their stored snapshots."""
    return _stats(ctx, params, stats.Daily, "channel_daily_stats_csv", "channel_daily_stats.csv",
                  stats.DAILY_COLUMNS)


@_register("fetch_channel_demographic_csv")
def fetch_channel_demographic_csv(ctx, **params):
    """Gender x age shares of the channels' stored audiences, as CSV and as JSON lines."""
    ids, refused = ids_of(ctx, params, "channel_ids")
    files = {"channel_demographic_csv": csv(ctx, "channel_demographic.csv", audience.DEMOGRAPHIC_COLUMNS,
                                            audience.demographic(ids)),
             "channel_demographic_json": write_jsonl(report_name(ctx.flow, ctx.task_id, "channel_demographic.jsonl"),
                                                     audience.demographic(ids))}
    return report_result(ctx, files, refused_ids=refused)


@_register("fetch_channel_audience_geography_csv")
def fetch_channel_audience_geography_csv(ctx, **params):
    """Each country's share of the channels' views, from their stored audiences."""
    ids, refused = ids_of(ctx, params, "channel_ids")
    files = {"channel_audience_geography_csv": csv(ctx, "channel_audience_geography.csv",
                                                   audience.GEOGRAPHY_COLUMNS, audience.geography(ids))}
    return report_result(ctx, files, refused_ids=refused)


@_register("fetch_channel_engagement_csv")
def fetch_channel_engagement_csv(ctx, **params):
    """The channels' stored subscriptions made within the dates, with the subscribed-to channels."""
    ids, refused = ids_of(ctx, params, "channel_ids")
    start, end = _span(params)
    filter_by = params["filter_by"]
    files = {"channel_engagement_csv": csv(ctx, "channel_engagement.csv", engagement.columns(filter_by),
                                           engagement.engagement(ids, start, end, filter_by))}
    return report_result(ctx, files, refused_ids=refused)


@_register("fetch_ad_vs_organic_csv")
def fetch_ad_vs_organic_csv(ctx, **params):
    """Videos refreshed, then classed ad or organic by the model service (BEAT_AD_VS_ORGANIC_URL)."""
    ad_vs_organic.service_url()  # fails before any quota is spent when the service is not configured
    ids, refused = ids_of(ctx, params, "video_ids")
    refreshed = refresh_yt_posts(ctx, post_ids=ids)
    files = {"ad_vs_organic_csv": csv(ctx, "ad_vs_organic.csv", ad_vs_organic.COLUMNS,
                                      ad_vs_organic.predicted(ad_vs_organic.features(ids), ctx=ctx))}
    return report_result(ctx, files, refreshed=refreshed, refused_ids=refused)

"""The params of the YouTube flows and reports (names and params are the FastAPI Beat's)."""
from rest_framework import serializers as s

from beat.flows.params import IdList, OneOf, ResumeCursorField, schema
from youtube.providers.base import COMMENTS
from youtube.providers.orders import providers_for

YT = "YOUTUBE"
ChannelId = lambda **kw: s.RegexField(r"^UC[A-Za-z0-9_-]{22}$", **kw)  # noqa: E731
VideoId = lambda **kw: s.RegexField(r"^[A-Za-z0-9_-]{11}$", **kw)  # noqa: E731
Limit = lambda: s.IntegerField(required=False, min_value=1, max_value=50_000)  # noqa: E731


class DateRange(s.Serializer):
    start_date = s.DateField()
    end_date = s.DateField()

    def validate(self, attrs):
        if attrs["start_date"] > attrs["end_date"]:
            raise s.ValidationError({"end_date": ["end_date is before start_date."]})
        return attrs


def report(name: str, *lists: str, dated=False, **extra):
    """A report's params: each id list may come as `<list>_path`, a CSV file of ids."""
    fields = dict(extra)
    for field in lists:
        fields[field] = IdList(required=False)
        fields[f"{field}_path"] = s.CharField(required=False, max_length=1000)
    bases = (DateRange, OneOf) if dated else (OneOf,)
    cls = type(name, bases, fields)
    cls.one_of = tuple(x for field in lists for x in (field, f"{field}_path"))
    return cls


Channels = schema("ChannelIdsParams", channel_ids=IdList(child=ChannelId()))
Posts = schema("YtPostsParams", post_ids=IdList(child=VideoId()), playlist_id=s.CharField(required=False),
               category=s.CharField(required=False), topic=s.CharField(required=False))
ByChannel = schema("YtPostsByChannelParams", channel_id=ChannelId(), filter=DateRange(required=False),
                   max_posts=Limit())
ByPlaylist = schema("YtPostsByPlaylistParams", base=OneOf, one_of=("channel_id", "playlist_id"),
                    channel_id=ChannelId(required=False), playlist_id=s.CharField(required=False, max_length=64),
                    max_posts=Limit())
ByGenre = schema("YtPostsByGenreParams", category=s.CharField(max_length=100), language=s.CharField(max_length=20))


class Frequency(s.Field):
    """Days per search window: a number, or daily / weekly / monthly."""

    NAMES = {"daily": 1, "weekly": 7, "monthly": 30}

    def to_internal_value(self, data):
        text = str(data).strip().lower()
        days = self.NAMES.get(text) or (int(text) if text.isdigit() else 0)
        if not 1 <= days <= 366:
            raise s.ValidationError("A number of days (1 to 366), or daily, weekly or monthly.")
        return days

    def to_representation(self, value):
        return value


Search = schema("YtPostsBySearchParams", base=DateRange, keywords=IdList(),
                frequency=Frequency(required=False), categorization=s.BooleanField(required=False))
PostType = schema("YtPostTypeParams", post_id=VideoId())
OneChannel = schema("YtChannelParams", channel_id=ChannelId())
COMMENTS_CURSOR = "youtube.comments"


def comment_sources() -> set[str]:
    """The sources a comments cursor may name: the comments order configured now."""
    return {cls.source for cls in providers_for(COMMENTS)}


YtComments = schema("YtCommentsParams", shortcode=VideoId(), max_comments=Limit(),
                    cursor=ResumeCursorField(COMMENTS_CURSOR, sources=comment_sources, allow_blank=True))
Activities = schema("YtActivitiesParams", channel_id=ChannelId(), max_activities=Limit())
Relationship = schema("YtRelationshipParams", channel_id=ChannelId(), max_relationship=Limit())

REPORTS = {  # the CSV report flows (youtube.reports) take these params, the FastAPI Beat's names
    "fetch_channels_csv": report("ChannelsCsvParams", "channel_ids"),
    "fetch_channel_videos_csv": report("ChannelVideosCsvParams", "channel_ids", dated=True),
    "fetch_playlist_videos_csv": report("PlaylistVideosCsvParams", "playlist_ids"),
    "fetch_keyword_videos_csv": report("KeywordVideosCsvParams", "keywords", dated=True,
                                       frequency=s.CharField(required=False)),
    "fetch_video_details_csv": report("VideoDetailsCsvParams", "video_ids"),
    "fetch_channel_monthly_stats_csv": report("ChannelMonthlyCsvParams", "channel_ids", dated=True),
    "fetch_channel_daily_stats_csv": report("ChannelDailyCsvParams", "channel_ids", dated=True),
    "fetch_channel_demographic_csv": report("ChannelDemographicCsvParams", "channel_ids"),
    "fetch_channel_audience_geography_csv": report("ChannelGeographyCsvParams", "channel_ids"),
    "fetch_channel_engagement_csv": report("ChannelEngagementCsvParams", "channel_ids", dated=True,
                                           filter_by=s.CharField(max_length=50)),
    "fetch_ad_vs_organic_csv": report("AdVsOrganicCsvParams", "video_ids"),
}

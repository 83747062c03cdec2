"""Instagram Graph API insights: media and story insights, account insights, audience demographics.

Shapes: `{"data": [{"name", "period", "values": [{"value", "end_time"?}] | "total_value": {"value"?,
"breakdowns": [{"dimension_keys", "results": [{"dimension_values", "value"}]}]}, "id"}]}`.
Public sources (tests/fixtures/README.md section 1): developers.facebook.com instagram-media/insights and
ig-user/insights reference; `sns-sdks/python-facebook` testdata (media and user insights: verified;
`total_value` without `values`: verified; follower_demographics breakdowns: partial, `value` absent
and age buckets from memory). Titles and descriptions are localized, so only `name` is read.
"""

from collections import defaultdict

from instagram.parsers.common import as_int, dig
from instagram.records import AudienceInsightsRecord, Demographics, PostInsightsRecord

# Graph metric name -> PostInsightsRecord field (old names kept for media from before v22).
_MEDIA_METRICS = {
    "reach": "reach", "views": "views", "impressions": "impressions", "plays": "plays",
    "video_views": "views", "likes": "likes", "comments": "comments", "saved": "saved",
    "shares": "shares", "total_interactions": "interactions", "follows": "follows",
    "profile_visits": "profile_visits", "profile_activity": "profile_activity", "replies": "replies",
    "navigation": "navigation", "taps_forward": "taps_forward", "taps_back": "taps_back",
    "exits": "exits", "ig_reels_avg_watch_time": "avg_watch_time_ms",
    "ig_reels_video_view_total_time": "total_watch_time_ms",
}
# The story `navigation` metric's breakdown by story_navigation_action_type.
_NAVIGATION = {"tap_forward": "taps_forward", "tap_back": "taps_back", "tap_exit": "exits",
               "swipe_forward": "swipe_forward", "automatic_forward": "automatic_forward",
               "swipe_back": "swipe_back", "swipe_down": "swipe_down", "swipe_up": "swipe_up"}
_AUDIENCES = {"follower_demographics": "follower", "reached_audience_demographics": "reached",
              "engaged_audience_demographics": "engaged"}
# Before v18 the follower audience came as lifetime metrics with a {bucket: count} value.
_OLD_AUDIENCE = {"audience_country": "country", "audience_city": "city", "audience_gender_age": "gender_age"}
DIMENSIONS = ("country", "city", "gender", "age", "gender_age")
# Graph's gender codes, as the FastAPI Beat named them in gender_age
GENDERS = {"F": "female", "M": "male", "U": "unknown"}
TIMEFRAME = "timeframe"  # with `timeframe`, Graph adds this key before the asked ones (Meta's sample)


def metric_value(metric: dict) -> int | None:
    value = dig(metric, "values", 0, "value")
    return as_int(value if value is not None else dig(metric, "total_value", "value"))


def parse_media_insights(raw: dict, *, post_id: str | None = None) -> PostInsightsRecord:
    """Media or story insights. `{"data": []}` (insights not available yet) gives all None."""
    fields: dict = {}
    metrics: dict = {}
    for metric in raw.get("data") or []:
        name = metric.get("name")
        value = metric_value(metric)
        metrics[name] = value
        if name in _MEDIA_METRICS and value is not None:
            fields[_MEDIA_METRICS[name]] = value
        if name == "navigation":
            for action, count in _breakdown(metric).items():
                if action in _NAVIGATION:
                    fields[_NAVIGATION[action]] = count
        post_id = post_id or str(metric.get("id", "")).split("/")[0] or None
    return PostInsightsRecord(post_id=post_id, metrics=metrics, **fields)


def parse_user_insights_demographics(*raws: dict) -> AudienceInsightsRecord:
    """One or more demographics answers (one per breakdown: age, city, country, gender) merged."""
    audiences: dict = defaultdict(lambda: defaultdict(dict))
    fbid = None
    for raw in raws:
        for metric in raw.get("data") or []:
            name = metric.get("name")
            fbid = fbid or str(metric.get("id", "")).split("/")[0] or None
            if name in _OLD_AUDIENCE:
                value = dig(metric, "values", 0, "value") or {}
                dimension = _OLD_AUDIENCE[name]
                buckets = {k: as_int(v) for k, v in value.items()}
                _merge(audiences["follower"][dimension], nested_gender_age(buckets) if dimension == "gender_age"
                       else buckets)
            elif name in _AUDIENCES:
                for dimension, buckets in _breakdowns_by_dimension(metric).items():
                    _merge(audiences[_AUDIENCES[name]][dimension], buckets)
    return AudienceInsightsRecord(
        fbid=fbid, **{audience: Demographics(**dict(dims)) for audience, dims in audiences.items()},
    )


def nested_gender_age(flat: dict) -> dict:
    """{"F.18-24": 10} -> {"female": {"18-24": 10}}; keys already nested pass through."""
    nested: dict = defaultdict(dict)
    for key, value in flat.items():
        if isinstance(value, dict):
            nested[key].update(value)
            continue
        gender, _, age = str(key).partition(".")
        nested[GENDERS.get(gender, gender.lower())][age] = value
    return dict(nested)


def _breakdowns_by_dimension(metric: dict) -> dict:
    """{"age": {"18-24": 9833}, "gender_age": {"female": {"18-24": 4100}}, ...} from total_value.breakdowns,
    with or without the `timeframe` key Graph puts first when a timeframe was asked."""
    out: dict = defaultdict(dict)
    for breakdown in dig(metric, "total_value", "breakdowns", default=[]):
        keys = breakdown.get("dimension_keys") or []
        asked = [key for key in keys if key != TIMEFRAME]
        dimension = "gender_age" if sorted(asked) == ["age", "gender"] else "_".join(asked)
        if dimension not in DIMENSIONS:
            continue
        for result in breakdown.get("results") or []:
            values = dict(zip(keys, result.get("dimension_values") or []))
            if dimension == "gender_age":
                gender = GENDERS.get(values.get("gender"), str(values.get("gender")).lower())
                out[dimension].setdefault(gender, {})[values.get("age")] = as_int(result.get("value"))
            else:
                out[dimension][values[dimension]] = as_int(result.get("value"))
    return out


def _merge(into: dict, buckets: dict) -> None:
    for key, value in buckets.items():
        if isinstance(value, dict):
            into.setdefault(key, {}).update(value)
        else:
            into[key] = value


def _breakdown(metric: dict) -> dict:
    """A single-dimension breakdown as {dimension value: count} (first breakdown only)."""
    results = dig(metric, "total_value", "breakdowns", 0, "results", default=[])
    return {"/".join(r.get("dimension_values") or []): as_int(r.get("value")) for r in results}

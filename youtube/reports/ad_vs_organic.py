"""Whether a video looks like a paid promotion or an organic upload, by the model service at
BEAT_AD_VS_ORGANIC_URL (the FastAPI Beat's ad-vs-organic model), asked 10 rows a request.

The request is POST {url} {"rows": [<the features below, without ad_predicted>]} and the answer
{"predictions": [one per row, in order]} (true / false, or 1 / 0). Features come from the stored
videos and their stored channels; DislikeCount is always empty (YouTube stopped publishing dislikes
in December 2021) and Videoage is in whole days at the report's time.
"""
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from beat.errors import BadResponse, Misconfigured
from beat.http.client import call
from youtube.models import YoutubeAccount, YoutubePost
from youtube.reports.rows import chunks

SOURCE = "ad-vs-organic"
PER_REQUEST = 10
COLUMNS = ("videoId", "ad_predicted", "view", "Channel_videoCount", "duration", "Channel_SubscriberCount",
           "DislikeCount", "Videoage", "likecount", "commentcount")


def service_url() -> str:
    url = settings.BEAT_AD_VS_ORGANIC_URL
    if not url:
        raise Misconfigured("fetch_ad_vs_organic_csv needs the ad-vs-organic model service: set "
                            "BEAT_AD_VS_ORGANIC_URL. No report was written.")
    return url


def features(video_ids: list[str]) -> Iterator[dict]:
    """The model's features of the stored videos among the ids, in the ids' order."""
    now = timezone.now()
    for batch in chunks(video_ids, 1000):
        videos = {v["shortcode"]: v for v in YoutubePost.objects.filter(shortcode__in=batch).values(
            "shortcode", "channel_id", "views", "likes", "comments", "duration", "published_at")}
        channels = {c["channel_id"]: c for c in YoutubeAccount.objects.filter(
            channel_id__in={v["channel_id"] for v in videos.values() if v["channel_id"]}).values(
            "channel_id", "uploads", "subscribers")}
        for video_id in batch:
            video = videos.get(video_id)
            if video is None:
                continue
            channel = channels.get(video["channel_id"]) or {}
            yield {"videoId": video_id, "view": video["views"], "Channel_videoCount": channel.get("uploads"),
                   "duration": video["duration"], "Channel_SubscriberCount": channel.get("subscribers"),
                   "DislikeCount": None,
                   "Videoage": (now - video["published_at"]).days if video["published_at"] else None,
                   "likecount": video["likes"], "commentcount": video["comments"]}


def predicted(rows: Iterator[dict], *, ctx=None) -> Iterator[dict]:
    """The rows with ad_predicted, asking the service for PER_REQUEST rows at a time."""
    url = service_url()
    for batch in chunks(rows, PER_REQUEST):
        answer = call("POST", url, source=SOURCE, json={"rows": batch}, ctx=ctx, expect=dict)
        predictions = answer.get("predictions")
        if not isinstance(predictions, list) or len(predictions) != len(batch):
            raise BadResponse(f"{SOURCE}: {len(batch)} rows sent, the predictions do not match", source=SOURCE)
        for row, prediction in zip(batch, predictions):
            if prediction not in (True, False, 0, 1):
                raise BadResponse(f"{SOURCE}: unreadable prediction {str(prediction)[:50]}", source=SOURCE)
            yield {**row, "ad_predicted": int(bool(prediction))}

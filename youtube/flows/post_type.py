"""refresh_yt_post_type: a Short or a video. The duration decides at the ends (60 s or less: a Short,
the FastAPI Beat's rule; over 3 minutes: a video, Shorts are at most 3 minutes); in between, and when
BEAT_YOUTUBE_SHORTS_CHECK allows it, youtube.com/shorts/<id> answers 200 for a Short and redirects a
video to /watch."""
from django.conf import settings

from beat.flows import FlowResult
from beat.http import status_of
from youtube.flows import params
from youtube.flows.registration import youtube_flow
from youtube.flows.videos import store, video_details
from youtube.models import PostType, YoutubePost
from youtube.services import post_type_set
from youtube.services.posts import post_type_of

WEB = "youtube-web"  # the source name youtube.com's own answers are recorded under


@youtube_flow("refresh_yt_post_type", params=params.PostType)
def refresh_yt_post_type(ctx, *, post_id):
    """The video's duration (stored, else videos.list), then the /shorts/ page when it cannot tell."""
    result = FlowResult().change("shortcodes", [post_id])
    duration = YoutubePost.objects.filter(shortcode=post_id).values_list("duration", flat=True).first()
    if duration is None:
        found = video_details(ctx, [post_id])
        if not found.records:
            return FlowResult(state="not_found", source=found.source, message=f"YouTube has no video {post_id}.",
                              tried=found.tried).stop("not_found")
        stored = store(ctx, found.records, source=found.source, raw_by_id=found.raw)
        result.count(fetched=1, created=stored.created, updated=stored.updated, pages=1)
        result.source, result.tried, duration = found.source, found.tried, found.records[0].duration
    kind, decided_by = post_type_of(duration), "duration"
    if kind is None and settings.BEAT_YOUTUBE_SHORTS_CHECK:
        status = status_of(f"{settings.BEAT_YOUTUBE_WEB_BASE_URL.rstrip('/')}/shorts/{post_id}", source=WEB,
                           ctx=ctx, endpoint="/shorts/{id}")
        kind, decided_by = (PostType.SHORT if status == 200 else PostType.VIDEO), "shorts_page"
    if kind is None:
        result.state, result.message = "undecided", "61 s to 3 min: only the /shorts/ page can tell (off)."
        return result.stop("undecided")
    post_type_set(shortcode=post_id, post_type=kind)
    result.extra.update(post_type=str(kind), decided_by=decided_by, duration=duration)
    return result

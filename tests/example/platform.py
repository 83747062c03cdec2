"""The minimal platform of docs/adding-a-platform.md, as code: a provider, a parser, a flow, on the
core pieces only (Provider, reading, call_with_fallback, walk, FlowResult, signed cursors). Loaded by
its test; its flow is named test_* so it is never mistaken for a real one."""
from dataclasses import dataclass

from rest_framework import serializers

from beat.flows import flow
from beat.flows.cursor import open_cursor
from beat.flows.pagination import Page, walk
from beat.flows.params import ResumeCursorField, schema
from beat.providers import Provider, reading
from beat.providers import capabilities as cap
from credentials.fallback import call_with_fallback

KIND = "example.uploads"


@dataclass(frozen=True)
class VideoRecord:
    video_id: str
    title: str | None = None


def uploads_page(raw: dict) -> Page:
    """Pure: JSON in, records out. A missing field raises KeyError; reading() makes it BadResponse."""
    items = tuple(VideoRecord(video_id=item["snippet"]["resourceId"]["videoId"],
                              title=item["snippet"].get("title")) for item in raw.get("items") or [])
    token = raw.get("nextPageToken")
    return Page(items=items, next_cursor=token, has_more=bool(token))


class YouTubeDataAPI(Provider):
    source = "ytapitoken"
    base_url_setting = "BEAT_YOUTUBE_BASE_URL"
    error_family = "google"
    capabilities = frozenset({cap.POSTS})
    probe_request = ("GET", "/channels", {"part": "id", "id": "UCLA_DiR1FfKNvjuUpBHmylQ"})

    def auth_headers(self):
        return {}  # the key is a query parameter, never a header

    def auth_params(self):
        return {"key": self.credential["key"]}

    # Reference: developers.google.com/youtube/v3/docs/playlistItems/list
    def uploads(self, playlist_id: str, cursor: str | None = None) -> Page:
        raw = self.get("/playlistItems", {"part": "snippet", "playlistId": playlist_id, "maxResults": 50,
                                          **({"pageToken": cursor} if cursor else {})})
        with reading(self.source):
            return uploads_page(raw)


Params = schema("ExampleUploadsParams", playlist_id=serializers.RegexField(r"^[A-Za-z0-9_-]{2,64}$"),
                max_posts=serializers.IntegerField(required=False, min_value=1, max_value=5000),
                cursor=ResumeCursorField(KIND))


@flow("test_example_uploads", params=Params, platform="YOUTUBE", queue="default", timeout=30)
def example_uploads(ctx, *, playlist_id, max_posts=200, cursor=None):
    """A playlist's videos up to max_posts; resumes from cursor."""
    position = None
    if cursor:
        position = open_cursor(cursor, kind=KIND, key=playlist_id, sources={YouTubeDataAPI.source}).position
    seen = []

    def fetch(page_cursor):
        answer = call_with_fallback(cap.POSTS, [YouTubeDataAPI], lambda p: p.uploads(playlist_id, page_cursor),
                                    ctx=ctx)
        return answer.value

    def on_page(items):
        seen.extend(video.video_id for video in items)  # a real platform calls its service here

    done = walk(fetch, on_page, cursor=position, max_items=max_posts, ctx=ctx)
    result = done.result(YouTubeDataAPI.source, cursor_kind=KIND, cursor_key=playlist_id)
    return result.change("video_ids", seen)

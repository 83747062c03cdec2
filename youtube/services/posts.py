"""Videos: one upsert statement and one snapshot statement per batch, whatever its size."""
from django.db import transaction
from django.db.models import Case, JSONField, Value, When
from django.utils import timezone

from beat.snapshots import known
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert
from enrichment.keywords.extract import keywords
from youtube.models import PostType, YoutubePost, YoutubePostLog
from youtube.records import PARSER_VERSION, VideoRecord

SHORT_MAX = 60  # seconds: the FastAPI Beat's rule, and what a Short was until October 2024
SHORT_LIMIT = 180  # a Short is at most 3 minutes now: longer is a video whatever its format
# YAKE costs ~2 ms a text: computed after the upsert for the videos that lack keywords, and cleared
# by the upsert when a title changes.
_KEYWORDS_KEPT = 'CASE WHEN EXCLUDED."title" <> t."title" THEN NULL ELSE t."keywords" END'
POSTS = Table(YoutubePost, key=("shortcode",), replace=("refreshed_at", "source"), custom={"keywords": _KEYWORDS_KEPT})
COPIED = ("channel_id", "channel_title", "title", "description", "published_at", "duration", "views", "likes",
          "comments", "favourites", "tags", "category_id", "audio_language", "default_language", "is_licensed",
          "content_rating", "definition", "has_captions", "live_broadcast_content", "thumbnail", "playlist_id")
METRICS = ("views", "likes", "comments", "favourites")
DIMENSIONS = ("channel_id", "post_type", "duration", "category_id", "category", "topic", "playlist_id",
              "audio_language", "definition", "is_licensed")


def post_type_of(duration: int | None) -> str | None:
    """A short or a video by duration alone, where the duration decides (refresh_yt_post_type asks
    YouTube for the ones in between)."""
    if duration is None or SHORT_MAX < duration <= SHORT_LIMIT:
        return None
    return PostType.SHORT if duration <= SHORT_MAX else PostType.VIDEO


def posts_upsert(*, records, source: str, raw_by_id: dict | None = None, task_id: int | None = None,
                 playlist_id: str | None = None, category: str | None = None, topic: str | None = None
                 ) -> UpsertResult:
    """Store videos and append one youtube_post_log snapshot each (with its raw item). playlist_id,
    category and topic are the task's dimensions (refresh_yt_posts), kept on the row when given."""
    now = timezone.now()
    rows = [_row(r, source, now, playlist_id=playlist_id, category=category, topic=topic) for r in records]
    if not rows:
        return UpsertResult()
    raw_by_id = raw_by_id or {}
    with transaction.atomic():
        result = bulk_upsert(POSTS, rows)
        _keywords_fill(result.keys)
        YoutubePostLog.objects.bulk_create([YoutubePostLog(
            shortcode=row["shortcode"], channel_id=row["channel_id"], source=source,
            raw=raw_by_id.get(row["shortcode"]), parser_version=PARSER_VERSION, task_id=task_id, timestamp=now,
            dimensions=known({name: row[name] for name in DIMENSIONS} | {"published_at": _iso(row["published_at"])}),
            metrics=known({name: row[name] for name in METRICS})) for row in rows], batch_size=1000)
    return result


def post_type_set(*, shortcode: str, post_type: str, source: str | None = None) -> int:
    """What refresh_yt_post_type found; it wins over the guess from the duration."""
    if post_type not in PostType.values:
        raise ValueError(f"unknown post type {post_type!r}")
    return YoutubePost.objects.filter(shortcode=shortcode).update(post_type=post_type, updated_at=timezone.now())


def post_categories_set(*, categories: dict[str, str]) -> int:
    """The model service's category of each video's title (refresh_yt_posts_by_search with
    categorization): one statement for them all."""
    if not categories:
        return 0
    whens = [When(shortcode=code, then=Value(label)) for code, label in categories.items()]
    return YoutubePost.objects.filter(shortcode__in=categories).update(category=Case(*whens),
                                                                       updated_at=timezone.now())


def _row(record: VideoRecord, source, now, **dimensions) -> dict:
    row = {name: blank_to_none(getattr(record, name)) for name in COPIED}
    row.update(shortcode=record.shortcode, post_type=post_type_of(record.duration), keywords=None,
               source=source, refreshed_at=now, created_at=now, updated_at=now)
    row.update({name: value for name, value in dimensions.items()})
    if row["playlist_id"] is None:
        row["playlist_id"] = blank_to_none(record.playlist_id)
    return row


def _keywords_fill(shortcodes) -> None:
    """YAKE keywords of title and description for the videos that have none yet: one read, one write."""
    missing = (YoutubePost.objects.filter(shortcode__in=shortcodes, keywords__isnull=True, title__isnull=False)
               .values_list("shortcode", "title", "description"))
    found = {code: list(words) for code, title, text in missing if (words := keywords([title, text]))}
    if found:
        whens = [When(shortcode=code, then=Value(words, output_field=JSONField())) for code, words in found.items()]
        YoutubePost.objects.filter(shortcode__in=found).update(keywords=Case(*whens))


def _iso(value):
    return value.isoformat() if value else None

"""Posts, reels and stories: one upsert statement and one snapshot statement per batch."""
from collections.abc import Iterable
from dataclasses import asdict

from django.db import transaction
from django.db.models import Case, JSONField, Value, When
from django.utils import timezone

from instagram import metrics
from instagram.keywords import keywords
from instagram.models import InstagramAccount, InstagramPost, PostType, SnapshotKind
from instagram.records import PostRecord
from beat.handles import normal_handle
from instagram.services.profiles import recent_feed
from instagram.services.snapshots import post_snapshots_append
from beat.upsert import Table, UpsertResult, blank_to_none, bulk_upsert

STORY_SNAPSHOT = ("profile_follower", "profile_er", "profile_static_er", "profile_reels_er")
# Keywords cost ~2 ms of YAKE per caption, most of a refresh's time: they are computed after the
# upsert for the posts that lack them, and cleared by the upsert when a caption changes.
_KEYWORDS_KEPT = 'CASE WHEN EXCLUDED."caption" <> t."caption" THEN NULL ELSE t."keywords" END'
POSTS = Table(InstagramPost, key=("shortcode",), replace=("refreshed_at", "source"), keep_first=STORY_SNAPSHOT,
              custom={"keywords": _KEYWORDS_KEPT})

COPIED = ("post_id", "post_type", "content_type", "caption", "publish_time", "thumbnail_url", "display_url",
          "video_url", "video_duration", "likes", "comments", "plays", "views", "reach", "impressions", "saved",
          "shares", "interactions", "is_paid_partnership", "is_pinned", "hashtags", "mentions", "story_links",
          "story_hashtags")
METRICS = ("likes", "comments", "plays", "views", "reach", "impressions", "saved", "shares", "interactions")
DIMENSIONS = ("post_type", "content_type", "handle", "collab_profile_id", "is_paid_partnership", "is_pinned")


def posts_upsert(*, records: Iterable[PostRecord], source: str, raw_by_shortcode: dict | None = None,
                 task_id: int | None = None, refreshed_profile_id: str | None = None,
                 story_snapshot: dict | None = None, at=None, snapshot: bool = True) -> UpsertResult:
    """Store posts and append one post_log snapshot each (with its raw item from raw_by_shortcode).

    refreshed_profile_id: the profile whose feed the posts came from. It fills an owner the answer left
    out, and a post owned by someone else is stored with collab_profile_id = this profile. Leave it None
    for posts that are not a profile's own (tagged, hashtag). story_snapshot: the profile_* columns of
    stories, kept from their first write (use stories_upsert). A re-parse of stored snapshots
    (instagram.reparse) passes their time as `at` and snapshot=False: the history already holds them."""
    now = at or timezone.now()
    rows = [_row(r, source, now, refreshed_profile_id, story_snapshot) for r in records]
    if not rows:
        return UpsertResult()
    raw_by_shortcode = raw_by_shortcode or {}
    with transaction.atomic():
        result = bulk_upsert(POSTS, rows)
        _keywords_fill(result.keys)
        if snapshot:
            post_snapshots_append([_snapshot(row, raw_by_shortcode.get(row["shortcode"])) for row in rows],
                                  kind=SnapshotKind.POST, source=source, task_id=task_id, timestamp=now)
    return result


def stories_upsert(*, records: Iterable[PostRecord], source: str, profile_id: str,
                   profile_snapshot: dict | None = None, raw_by_shortcode: dict | None = None,
                   task_id: int | None = None) -> UpsertResult:
    """Store a profile's stories with the owner's figures at the time (profile_follower, profile_er,
    profile_static_er, profile_reels_er; first write wins). profile_snapshot gives them as the task's
    params did; without it they are read from the stored account and its latest posts."""
    records = [r for r in records if r.post_type == PostType.STORY]
    if not records:
        return UpsertResult()
    snapshot = profile_snapshot if profile_snapshot is not None else story_profile_snapshot(profile_id=profile_id)
    return posts_upsert(records=records, source=source, raw_by_shortcode=raw_by_shortcode, task_id=task_id,
                        refreshed_profile_id=profile_id, story_snapshot=snapshot)


def story_profile_snapshot(*, profile_id: str) -> dict:
    """The owner's followers and engagement rates (all, static, reels) as stored now."""
    followers = InstagramAccount.objects.filter(profile_id=profile_id).values_list("followers", flat=True).first()
    figures = metrics.post_metrics(recent_feed(profile_id), followers)
    return {"profile_follower": followers, "profile_er": figures["all"]["avg_engagement"],
            "profile_static_er": figures["static"]["avg_engagement"],
            "profile_reels_er": figures["reels"]["avg_engagement"]}


def _keywords_fill(shortcodes) -> None:
    """YAKE keywords for the captions that have none yet: one read, and one write when any is new."""
    missing = (InstagramPost.objects.filter(shortcode__in=shortcodes, keywords__isnull=True, caption__isnull=False)
               .values_list("shortcode", "caption"))
    found = {shortcode: list(keywords(caption)) for shortcode, caption in missing}
    found = {shortcode: words for shortcode, words in found.items() if words}
    if found:
        whens = [When(shortcode=shortcode, then=Value(words, output_field=JSONField()))
                 for shortcode, words in found.items()]
        InstagramPost.objects.filter(shortcode__in=found).update(keywords=Case(*whens))


def _row(record: PostRecord, source, now, refreshed_profile_id, story_snapshot) -> dict:
    row = {name: blank_to_none(getattr(record, name)) for name in COPIED}
    owner = record.profile_id or refreshed_profile_id
    is_collab = bool(refreshed_profile_id and owner != refreshed_profile_id)
    row.update(
        shortcode=record.shortcode, profile_id=owner, handle=normal_handle(record.handle),
        collab_profile_id=refreshed_profile_id if is_collab else None,
        location=asdict(record.location) if record.location else None,
        keywords=None,  # _keywords_fill
        tagged_users=blank_to_none([{"profile_id": u.profile_id, "handle": u.handle} for u in record.tagged_users]),
        sponsor_ids=blank_to_none(record.sponsor_ids),
        source=source, refreshed_at=now, created_at=now, updated_at=now)
    snapshot = story_snapshot if record.post_type == PostType.STORY else None
    row.update({name: (snapshot or {}).get(name) for name in STORY_SNAPSHOT})
    return row


def _snapshot(row: dict, raw) -> dict:
    dimensions = {name: row[name] for name in DIMENSIONS}
    dimensions["publish_time"] = row["publish_time"].isoformat() if row["publish_time"] else None
    return {"shortcode": row["shortcode"], "post_id": row["post_id"], "profile_id": row["profile_id"], "raw": raw,
            "dimensions": dimensions, "metrics": {name: row[name] for name in METRICS}}

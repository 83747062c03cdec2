"""Profiles: upsert from a parsed record, record a state (private, not found), store the averages."""
from dataclasses import replace

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from beat.handles import normal_handle
from instagram import metrics
from instagram.models import InstagramAccount, InstagramPost, ProfileState, SnapshotKind
from instagram.records import ProfileRecord
from instagram.services.snapshots import profile_snapshot_append
from beat.upsert import Table, blank_to_none, upsert_one

# state_changed_at moves only when the state does
_STATE_CHANGED = ('CASE WHEN t."state" = EXCLUDED."state" THEN t."state_changed_at" '
                  'ELSE EXCLUDED."state_changed_at" END')
BY_PROFILE_ID = Table(InstagramAccount, key=("profile_id",), replace=("state", "refreshed_at", "source"),
                      custom={"state_changed_at": _STATE_CHANGED})
# a handle known only by its state (never seen with an id): the partial unique index on handle
BY_HANDLE_ONLY = Table(InstagramAccount, key=("handle",), key_where='"profile_id" IS NULL',
                       replace=BY_PROFILE_ID.replace, custom=BY_PROFILE_ID.custom)

PROFILE_FIELDS = ("fbid", "full_name", "biography", "external_url", "followers", "following", "media_count",
                  "reels_count", "profile_pic_url", "profile_type", "category", "is_private", "is_verified",
                  "is_business_or_creator", "is_business", "is_professional", "business_category", "category_id",
                  "public_email", "public_phone", "city")
SNAPSHOT_METRICS = ("followers", "following", "media_count", "reels_count")


def profile_upsert(*, record: ProfileRecord, source: str, raw=None, task_id: int | None = None,
                   at=None, snapshot: bool = True) -> InstagramAccount:
    """Store a profile answer and append its profile_log snapshot. An answer means the account exists:
    its state becomes ok (private when the answer says so). Returns the stored row; row.was_created.
    A re-parse of a stored snapshot (instagram.reparse) passes the snapshot's time as `at` and
    snapshot=False: the history already holds that answer."""
    now = at or timezone.now()
    handle = normal_handle(record.handle)
    profile_id = record.profile_id or _known_profile_id(handle)
    row = {name: blank_to_none(getattr(record, name)) for name in PROFILE_FIELDS}
    state = ProfileState.PRIVATE if record.is_private else ProfileState.OK
    row.update(profile_id=profile_id, handle=handle, state=state, state_changed_at=now, refreshed_at=now,
               source=source, created_at=now, updated_at=now)
    with transaction.atomic():
        if profile_id and handle:
            # a state recorded for this handle before its id was known is now this account's
            InstagramAccount.objects.filter(handle=handle, profile_id__isnull=True).delete()
        account = upsert_one(BY_PROFILE_ID if profile_id else BY_HANDLE_ONLY, row)
        if not snapshot:
            return account
        profile_snapshot_append(
            profile_id=profile_id, handle=handle, kind=SnapshotKind.PROFILE, source=source, raw=raw,
            task_id=task_id, timestamp=now,
            dimensions={name: row[name] for name in PROFILE_FIELDS if name not in SNAPSHOT_METRICS},
            metrics={name: row[name] for name in SNAPSHOT_METRICS})
    return account


def profile_state_set(*, state: str, handle: str | None = None, profile_id: str | None = None,
                      source: str | None = None, raw=None, task_id: int | None = None) -> InstagramAccount:
    """Record what upstream said about an account that gave no profile (private, not_found, deleted),
    on its row by profile_id, else the latest row of the handle, else a new row for the handle.
    Stored figures stay: the state says why they are no longer refreshed."""
    if state not in ProfileState.values:
        raise ValueError(f"unknown profile state {state!r}")
    handle = normal_handle(handle)
    if not (handle or profile_id):
        raise ValueError("profile_state_set needs a handle or a profile_id")
    now = timezone.now()
    profile_id = profile_id or _known_profile_id(handle)
    row = dict(profile_id=profile_id, handle=handle, state=state, state_changed_at=now,
               is_private=True if state == ProfileState.PRIVATE else None, source=source,
               created_at=now, updated_at=now)
    table = BY_PROFILE_ID if profile_id else BY_HANDLE_ONLY
    table = replace(table, replace=("state",))  # a state is no fresh profile: keep refreshed_at
    with transaction.atomic():
        account = upsert_one(table, row)
        profile_snapshot_append(profile_id=profile_id, handle=handle, kind=SnapshotKind.PROFILE, source=source,
                                raw=raw, task_id=task_id, timestamp=now, dimensions={"state": state}, metrics={})
    return account


def profile_averages_refresh(*, profile_id: str) -> metrics.Averages:
    """Store avg_likes / comments / reach / engagement / reels_plays from the 12 latest posts (and the
    12 latest reels) on the account. Averages with no post to average leave the stored ones alone."""
    followers = InstagramAccount.objects.filter(profile_id=profile_id).values_list("followers", flat=True).first()
    averages = metrics.account_averages(recent_feed(profile_id), followers)
    known = {name: value for name, value in averages.__dict__.items() if value is not None}
    if known:
        InstagramAccount.objects.filter(profile_id=profile_id).update(**known, updated_at=timezone.now())
    return averages


def recent_feed(profile_id: str) -> list[InstagramPost]:
    """The 12 latest feed posts and the 12 latest reels of a profile (its own and its collabs): all that
    the averages read."""
    columns = ("shortcode", "post_type", "likes", "comments", "plays", "reach", "publish_time")
    mine = InstagramPost.objects.filter(Q(profile_id=profile_id) | Q(collab_profile_id=profile_id)).only(*columns)
    latest = F("publish_time").desc(nulls_last=True)
    feed = list(mine.filter(post_type__in=metrics.FEED_TYPES).order_by(latest, "id")[:metrics.LATEST])
    reels = list(mine.filter(post_type="reels").order_by(latest, "id")[:metrics.LATEST])
    seen = {p.shortcode for p in feed}
    return feed + [p for p in reels if p.shortcode not in seen]


def _known_profile_id(handle: str | None) -> str | None:
    """The id of the latest account seen with this handle (handles move between accounts)."""
    if not handle:
        return None
    return (InstagramAccount.objects.filter(handle=handle, profile_id__isnull=False)
            .order_by(F("refreshed_at").desc(nulls_last=True), "-id").values_list("profile_id", flat=True).first())

"""Rebuild instagram_account and instagram_post rows from the raw answers kept in profile_log and
post_log, with no upstream call.

Each profile's latest snapshot is read again by the provider that first read it: the provider class
of the snapshot's source runs its own profile method (and so its own envelope checks and parser) on a
transport that replays the stored payloads instead of calling the network. A snapshot does not say
which endpoint answered, so by handle is tried first, then by id. The row is upserted at the
snapshot's time and no snapshot is appended (the history already holds that answer).

post_log keeps each post's item of a page rather than the page: its source's item parsers
(instagram.parsers.items) read it, with the snapshot's owner for items that leave it to their page.
A post's snapshots are replayed oldest first, the posts of one page (same source, time and owner) in
one statement.
"""
from collections import Counter
from itertools import groupby

from beat.errors import BeatError
from instagram.models import PostLog, ProfileLog, SnapshotKind
from instagram.parsers.items import ITEM_SHAPES, parse_item
from instagram.providers import PROVIDERS
from instagram.services import posts_upsert, profile_upsert

BATCH = 2000


class _NoCredential(dict):
    """Any credential field a provider reads (Graph's user_id for its path) is a placeholder: a replay
    sends nothing anywhere, and the real secret is never decrypted for it."""

    def __missing__(self, key):
        return "replay"


class Replayed(Exception):
    """The parser asked for more answers than the snapshot holds."""


def replaying(provider_class):
    """provider_class, with request() serving stored payloads in order instead of calling upstream."""

    class Replay(provider_class):
        def __init__(self, payloads: list):
            super().__init__({})
            self.credential = _NoCredential()
            self.payloads = list(payloads)

        def request(self, method, path, **kwargs):
            if not self.payloads:
                raise Replayed(f"{provider_class.source}: no stored answer left for {path}")
            return self.payloads.pop(0)

    Replay.__name__ = f"Replay{provider_class.__name__}"
    return Replay


def parse_snapshot(log: ProfileLog):
    """The ProfileRecord a stored answer gives, or None when no profile method of its source reads it."""
    provider_class = PROVIDERS.get(log.source or "")
    if provider_class is None or log.raw is None:
        return None
    payloads = log.raw if isinstance(log.raw, list) else [log.raw]
    attempts = [("profile_by_handle", log.handle), ("profile_by_id", log.profile_id)]
    for method, key in attempts:
        if key and provider_class.supports(method):
            try:
                record, _page = getattr(replaying(provider_class)(payloads), method)(key)
                return record
            except (BeatError, Replayed, KeyError, TypeError, ValueError, AttributeError):
                continue  # another endpoint's shape: try the next method
    return None


def reparse_profiles(progress=None) -> dict:
    """Each profile's latest snapshot read again (progress(total) -> a tick per snapshot scanned).
    A profile whose latest snapshot only records a state (not found, private without an answer) or
    comes from an unknown source is skipped; one no profile method of its source reads is unreadable."""
    logs = ProfileLog.objects.filter(kind=SnapshotKind.PROFILE).order_by("-timestamp", "-id")
    total = logs.count()
    tick = progress(total) if progress else (lambda: None)
    counts, seen = Counter(), set()
    for log in logs.iterator(chunk_size=BATCH):
        tick()
        key = log.profile_id or f"@{log.handle}"
        if key in seen:
            continue  # newest first: an older snapshot of a profile already rebuilt
        seen.add(key)
        if "state" in (log.dimensions or {}) or log.source not in PROVIDERS or log.raw is None:
            counts["skipped"] += 1
            continue
        record = parse_snapshot(log)
        if record is None:
            counts["unreadable"] += 1
            continue
        profile_upsert(record=record, source=log.source, at=log.timestamp, snapshot=False)
        counts["rebuilt"] += 1
    return {"snapshots read": total, "profiles rebuilt": counts["rebuilt"], "unreadable": counts["unreadable"],
            "skipped": counts["skipped"]}


def reparse_posts(progress=None) -> dict:
    """Every post snapshot read again, oldest first (progress(total) -> a tick per snapshot): a post's
    row is the sum of its answers (an upsert never writes a null over a value), so its whole history is
    replayed, not only its latest answer, which may lack what an older source gave. One without a raw
    item or from a source with no item parser is skipped; one no parser of its source reads, unreadable."""
    logs = PostLog.objects.filter(kind=SnapshotKind.POST).order_by("timestamp", "id")
    total = logs.count()
    tick = progress(total) if progress else (lambda: None)
    counts, rebuilt = Counter(), set()

    def readable():
        for log in logs.iterator(chunk_size=BATCH):
            tick()
            if log.raw is None or log.source not in ITEM_SHAPES:
                counts["skipped"] += 1
                continue
            dimensions = log.dimensions or {}
            try:
                record = parse_item(log.source, log.raw, story=dimensions.get("post_type") == "story",
                                    profile_id=log.profile_id, handle=dimensions.get("handle"))
            except BeatError:
                counts["unreadable"] += 1
                continue
            # the profile whose page it came on: its collab, else its owner (posts_upsert's refreshed_profile_id)
            yield (log.source, log.timestamp, dimensions.get("collab_profile_id") or log.profile_id), record

    for (source, at, page_owner), parsed in groupby(readable(), key=lambda pair: pair[0]):
        stored = posts_upsert(records=[record for _key, record in parsed], source=source, at=at,
                              refreshed_profile_id=page_owner, snapshot=False)
        rebuilt.update(stored.keys)
    return {"post snapshots read": total, "posts rebuilt": len(rebuilt), "post snapshots unreadable":
            counts["unreadable"], "post snapshots skipped": counts["skipped"]}


def reparse_all(progress=None) -> dict:
    """Profiles, then posts (instagram.platform registers this)."""
    return {**reparse_profiles(progress), **reparse_posts(progress)}

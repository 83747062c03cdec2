"""Rebuild instagram_account rows from the raw answers kept in profile_log, with no upstream call.

Each profile's latest snapshot is read again by the provider that first read it: the provider class
of the snapshot's source runs its own profile method (and so its own envelope checks and parser) on a
transport that replays the stored payloads instead of calling the network. A snapshot does not say
which endpoint answered, so by handle is tried first, then by id. The row is upserted at the
snapshot's time and no snapshot is appended (the history already holds that answer).

Posts are not rebuilt yet: post_log keeps each post's item of a page, and item parsers are not yet
addressable per source.
"""
from collections import Counter

from beat.errors import BeatError
from instagram.models import ProfileLog, SnapshotKind
from instagram.providers import PROVIDERS
from instagram.services import profile_upsert

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

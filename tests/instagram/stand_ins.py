"""The Instagram API tests' stand-in for the refresh flows and its worker thread (fixtures in conftest.py).

The refresh flows are stood in for by functions that store what a FakeInstagram says through the real
instagram.services (the providers and their flows have their own tests against the fake upstream); a
worker thread claims and runs tasks exactly as a django-q2 worker does (beat.queue.claim + runner).
"""
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from beat.flows import get_flow
from beat.queue.claim import claim_next
from beat.queue.runner import run
from instagram import services
from instagram.records import AudienceInsightsRecord, Demographics, PostRecord, ProfileRecord

REFRESH_FLOWS = ("refresh_profile_basic", "refresh_profile_by_handle", "refresh_profile_by_profile_id",
                 "refresh_post_by_shortcode", "refresh_profile_insights")


class FakeInstagram:
    """What 'upstream' answers: profiles by handle and id, posts, audiences; and the flows it ran."""

    def __init__(self):
        self.profiles: dict[str, ProfileRecord | str] = {}  # handle or profile_id -> record, "private", "not_found"
        self.posts: dict[str, list[PostRecord]] = {}  # profile_id -> its feed
        self.audiences: dict[str, AudienceInsightsRecord] = {}  # handle -> audience
        self.calls: list[tuple[str, dict]] = []

    def add(self, record: ProfileRecord, posts=()):
        self.profiles[record.handle] = self.profiles[record.profile_id] = record
        self.posts[record.profile_id] = list(posts)
        return record

    # --- the stand-in flows ---

    def profile(self, ctx, handle=None, profile_id=None, with_posts=False):
        answer = self.profiles.get(handle or profile_id, "not_found")
        if isinstance(answer, str):  # what the real flows do: record the state, end COMPLETE saying so
            services.profile_state_set(state=answer, handle=handle, profile_id=profile_id, source="fake",
                                       task_id=ctx.task_id)
            return {"state": answer}
        services.profile_upsert(record=answer, source="fake", task_id=ctx.task_id)
        if with_posts:
            services.posts_upsert(records=self.posts[answer.profile_id], source="fake", task_id=ctx.task_id,
                                  refreshed_profile_id=answer.profile_id)
            services.profile_averages_refresh(profile_id=answer.profile_id)
        return {"fetched": 1}

    def post(self, ctx, shortcode):
        found = [p for posts in self.posts.values() for p in posts if p.shortcode == shortcode]
        if not found:
            return {"state": "not_found"}
        services.posts_upsert(records=found, source="fake", task_id=ctx.task_id)
        return {"fetched": 1}

    def audience(self, ctx, handle):
        record = self.audiences.get(handle)
        if record is None:
            return {"state": "not_found"}
        profile = self.profiles[handle]
        services.insights_upsert(profile_id=profile.profile_id, handle=handle, record=record, task_id=ctx.task_id)
        return {"fetched": 1}

    def stand_ins(self) -> dict:
        def calling(name, func):
            def flow(ctx, **params):
                self.calls.append((name, params))
                return func(ctx, **params)
            return flow

        return {
            "refresh_profile_basic": calling("refresh_profile_basic", self.profile),
            "refresh_profile_by_handle": calling("refresh_profile_by_handle",
                                                 lambda ctx, **p: self.profile(ctx, with_posts=True, **p)),
            "refresh_profile_by_profile_id": calling("refresh_profile_by_profile_id",
                                                     lambda ctx, **p: self.profile(ctx, with_posts=True, **p)),
            "refresh_post_by_shortcode": calling("refresh_post_by_shortcode", self.post),
            "refresh_profile_insights": calling("refresh_profile_insights", self.audience),
        }


@contextmanager
def worker_thread():
    """Claims and runs the refresh flows' tasks as a django-q2 worker does, until the block ends."""
    queues = sorted({get_flow(name).queue for name in REFRESH_FLOWS})
    stop = threading.Event()

    def loop():
        try:
            while not stop.is_set():
                tasks = [t for q in queues if (t := claim_next(queue=q, worker="api-tests")) is not None]
                for task in tasks:
                    run(task)
                if not tasks:
                    stop.wait(0.02)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name="api-tests-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def ago(**delta) -> datetime:
    return timezone.now() - timedelta(**delta)


def profile_record(handle="nasa", profile_id="528817150", **fields) -> ProfileRecord:
    defaults = dict(full_name="NASA", biography="Exploring the universe", followers=1000, following=84,
                    media_count=4312, profile_pic_url="https://cdn.example/nasa.jpg", profile_type="business",
                    is_private=False, is_verified=True, fbid="17841400000000000")
    return ProfileRecord(profile_id=profile_id, handle=handle, **{**defaults, **fields})


def stored_profile(record: ProfileRecord | None = None, *, refreshed=None, **fields):
    """Store a profile as a refresh would, then date its last answer `refreshed` (default: just now)."""
    from instagram.models import InstagramAccount

    record = record or profile_record(**fields)
    row = services.profile_upsert(record=record, source="fake")
    if refreshed is not None:
        InstagramAccount.objects.filter(pk=row.pk).update(refreshed_at=refreshed, updated_at=refreshed)
    return InstagramAccount.objects.get(pk=row.pk)


def demographics(**country) -> Demographics:
    return Demographics(country=country, gender_age={"F.25-34": 40, "M.25-34": 60})


__all__ = ["FakeInstagram", "account", "ago", "api", "client_of", "demographics", "key", "profile_record", "staff",
           "stored_profile", "upstream", "worker"]

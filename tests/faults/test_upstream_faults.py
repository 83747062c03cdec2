"""Upstream faults through the real queue: Instagram refreshes run by a real django-q2 cluster while
the fake upstream answers a seeded random mix of 429s, 500s, answers too slow for the read timeout,
truncated JSON and JSON of the wrong types. Every task ends with a clear status (and a clear error
when it failed), the cluster and its workers live on, and credentials cool on 429s and serve again.
"""
import json
import random
import time

import pytest

from beat.models import ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from beat.queue.services import submit
from credentials.models import Credential, State
from tests.fakeupstream import FIXTURES
from tests.instagram.test_flows_kit import credential, recent
from tests.queue.conftest import cluster, markers, redis_conn, wait_for, worker_env  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cluster, pytest.mark.timeout(300)]

SEED = 19
TASKS = 10
FAULTS_PER_ROUTE = 8
ENDED = {Status.COMPLETE, Status.PARTIAL, Status.FAILED}
WRONG_TYPES = [{"user": 42, "items": "none", "data": [1, 2]}, [1, 2, 3], "just a string", {"user": {"pk": {}}},
               None]


def fault(rng: random.Random, good: dict) -> dict:
    """One answer of the mix (fakeupstream.reply's keywords)."""
    kind = rng.choice(["ok", "429", "500", "slow", "truncated", "wrong_type"])
    text = json.dumps(good).encode()
    return {"ok": {"body": good},
            "429": {"status": 429, "headers": {"Retry-After": "1"}, "body": {"message": "Too many requests"}},
            "500": {"status": 500, "body": {"message": "Internal error"}},
            "slow": {"body": good, "delay": 1.5},  # past the workers' 1 s read timeout
            "truncated": {"raw": text[: rng.randint(1, len(text) - 1)], "headers": {"Content-Type": "application/json"}},
            "wrong_type": {"body": rng.choice(WRONG_TYPES)}}[kind]


def serve_with_faults(upstream, rng):
    """The routes a refresh of @nasa asks, each answering FAULTS_PER_ROUTE random answers, then good ones."""
    for path, good in (("/ig/info_username/", json.loads((FIXTURES / "rapidapi/arraybobo_info_username.json").read_text())),
                       ("/ig/info/", json.loads((FIXTURES / "rapidapi/arraybobo_info_username.json").read_text())),
                       ("/user_info_by_id", json.loads((FIXTURES / "rapidapi/jotucker_user_info_by_id.json").read_text())),
                       ("/medias_v2", recent("rapidapi/jotucker_medias_v2.json")),
                       ("/ig/reels_posts/", recent("rapidapi/arraybobo_reels_posts.json"))):
        route = upstream.route("GET", path, **fault(rng, good))
        for _ in range(FAULTS_PER_ROUTE - 1):
            route.then(**fault(rng, good))
        route.then(body=good)


def test_a_seeded_mix_of_upstream_faults_ends_every_task_clearly_and_kills_no_worker(upstream, cluster, tmp_path):  # noqa: F811
    credentials = [credential("rapidapi-arraybobo"), credential("rapidapi-jotucker")]
    serve_with_faults(upstream, random.Random(SEED))
    tasks = [submit("refresh_profile_by_handle", {"handle": "nasa"})[0] for _ in range(TASKS)]
    process = cluster(BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL=upstream.url, BEAT_RAPIDAPI_JOTUCKER_BASE_URL=upstream.url,
                      BEAT_HTTP_READ_TIMEOUT="1", BEAT_RETRY_BASE="1", BEAT_RETRY_CAP="2", BEAT_WORKERS="2",
                      BEAT_WAKEUP_STALE="2")
    states_seen = set()

    def all_ended():
        states_seen.update(Credential.objects.values_list("state", flat=True))
        return ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks], status__in=ENDED).count() == TASKS

    try:
        wait_for(all_ended, timeout=120, interval=0.2, message="every task to end")
    except AssertionError:
        rows = ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]).values("status", "attempts", "error")
        raise AssertionError(f"not ended: {[r for r in rows if r['status'] not in ENDED]}") from None
    ended = list(ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]))
    for task in ended:
        if task.status == Status.FAILED:
            assert task.error["code"] and task.error["message"], task.error
    statuses = {status: sum(t.status == status for t in ended) for status in ENDED}
    print("upstream faults:", statuses, "calls:", len(upstream.calls()), "credential states seen:", states_seen)
    assert statuses[Status.COMPLETE] >= 1  # retries and fallback get through the faults

    # no worker died: the cluster runs, and its log reports no worker reincarnated or crashed
    assert process.poll() is None
    log = "\n".join(p.read_text() for p in tmp_path.glob("cluster-*.log"))
    assert "reincarnated" not in log.lower() and "Traceback" not in log, log[-3000:]
    # credentials cooled on the 429s, and serve again once the upstream is healthy
    assert UpstreamCall.objects.filter(status_code=429).exists()
    assert State.COOLING in states_seen
    time.sleep(1.5)  # the longest Retry-After given
    last = submit("refresh_profile_by_handle", {"handle": "nasa"})[0]
    wait_for(lambda: ScrapeRequestLog.objects.filter(pk=last.pk, status__in=ENDED).exists(), timeout=60,
             message="the task after the faults")
    last.refresh_from_db()
    assert last.status == Status.COMPLETE, last.error
    # faults of the upstream never take a credential out of service: each is active, or cooling a moment
    after = set(Credential.objects.filter(pk__in=[c.pk for c in credentials]).values_list("state", flat=True))
    assert State.ACTIVE in after and after <= {State.ACTIVE, State.COOLING}, after

"""Upstream faults through the real queue: 40 Instagram tasks (profile refreshes by handle and by id, full
refreshes, a post by shortcode) run by a real django-q2 cluster while the fake upstream answers each
source (Graph API, RapidAPI arraybobo and jotucker) with a seeded random mix of 429s, 500s, answers too
slow for the read timeout, truncated JSON and JSON of the wrong types, every kind on every source.

Every task ends with a clear status (a FAILED one with an error code and message), none stays
PENDING or PROCESSING, no worker dies or logs a traceback, the credentials cooled by 429s serve again
once the upstream is healthy; a handle every source refuses fails at once, and when every source
refuses the credentials themselves (401), each is set aside and the task fails naming them.
"""
import json
import random
import time

import pytest
from django.utils import timezone

from beat.models import ScrapeRequestLog, Status
from beat.models_upstream import UpstreamCall
from beat.queue.services import submit
from credentials.models import Credential, State
from instagram.providers.graphapi import MEDIA_FIELDS, PAGE_SIZE, PROFILE_FIELDS
from tests.faults.answers import mangled
from tests.instagram.test_flows_kit import ME, NASA, credential, fixture, recent
from tests.queue.conftest import cluster, maintainer, markers, redis_conn, wait_for, worker_env  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cluster, pytest.mark.timeout(300)]

SEED = 19
KINDS = ("429", "500", "slow", "truncated", "wrong_type")
EXTRA_FAULTS = 4  # random kinds after the shuffled five, on each route, before it answers well
ENDED = {Status.COMPLETE, Status.PARTIAL, Status.FAILED}
REEL = "DGsL4rTR2mQ"  # the post of arraybobo_post_info.json
GRAPH, ARRAYBOBO, JOTUCKER = "graphapi", "rapidapi-arraybobo", "rapidapi-jotucker"
NODE = f"/v21.0/{ME}"
DOOMED = "doomed"  # a handle every source refuses (a permanent error): its tasks must fail at once
FLOWS = [("refresh_profile_basic", {"handle": "nasa"}),  # Graph first (business discovery), then arraybobo
         ("refresh_profile_by_handle", {"handle": "nasa"}),  # profile, then posts (jotucker) and reels (arraybobo)
         ("refresh_profile_basic", {"profile_id": NASA}),  # jotucker first, then arraybobo
         ("refresh_post_by_shortcode", {"shortcode": REEL})]  # arraybobo first, then jotucker
DOOMED_FLOWS = [("refresh_profile_basic", {"handle": DOOMED}), ("refresh_profile_by_handle", {"handle": DOOMED})]
TASKS = 40


def good_answers() -> dict:
    """(source, path) -> the good answer of each route a task of FLOWS asks."""
    return {(GRAPH, NODE): recent("instagram_graph/business_discovery.json"),
            (ARRAYBOBO, "/ig/info_username/"): fixture("rapidapi/arraybobo_info_username.json"),
            (ARRAYBOBO, "/ig/info/"): fixture("rapidapi/arraybobo_info_username.json"),
            (ARRAYBOBO, "/ig/posts/"): recent("rapidapi/arraybobo_posts.json"),
            (ARRAYBOBO, "/ig/reels_posts/"): recent("rapidapi/arraybobo_reels_posts.json"),
            (ARRAYBOBO, "/ig/post_info/"): fixture("rapidapi/arraybobo_post_info.json"),
            (JOTUCKER, "/user_info_by_id"): fixture("rapidapi/jotucker_user_info_by_id.json"),
            (JOTUCKER, "/medias_v2"): recent("rapidapi/jotucker_medias_v2.json"),
            (JOTUCKER, "/media_info_v2"): fixture("rapidapi/jotucker_media_info_v2.json")}


def fault(kind: str, rng: random.Random, source: str, good) -> dict:
    """One answer of the mix (fakeupstream.reply's keywords), in the source's own error shape."""
    text = json.dumps(good).encode()
    graph = source == GRAPH
    if kind == "429":  # Graph says so with its throttling code (4: application request limit)
        body = {"error": {"code": 4, "message": "Application request limit reached"}} if graph else \
            {"message": "Too many requests"}
        return {"status": 429, "headers": {"Retry-After": "1"}, "body": body}
    if kind == "500":
        body = {"error": {"code": 2, "message": "Service temporarily unavailable", "is_transient": True}} if graph \
            else {"message": "Internal Server Error"}
        return {"status": 500, "body": body}
    if kind == "slow":
        return {"body": good, "delay": 1.5}  # past the workers' 1 s read timeout
    if kind == "truncated":
        return {"raw": text[: rng.randint(1, len(text) - 1)], "headers": {"Content-Type": "application/json"}}
    return {"body": mangled(good, rng)}


def serve_with_faults(upstream, rng) -> dict:
    """Each route answers the five kinds in a seeded order, then EXTRA_FAULTS random ones, then well.
    Returns (source, path) -> (route, its fault kinds) to tell afterwards which faults were served."""
    routes = {}
    for (source, path), good in good_answers().items():
        kinds = rng.sample(KINDS, len(KINDS)) + [rng.choice(KINDS) for _ in range(EXTRA_FAULTS)]
        route = upstream.route("GET", path, **fault(kinds[0], rng, source, good))
        for kind in kinds[1:]:
            route.then(**fault(kind, rng, source, good))
        routes[source, path] = (route.then(body=good), kinds)
    return routes


def refuse_doomed(upstream):
    """Every source refuses the handle DOOMED itself: Graph an invalid parameter, RapidAPI a 400."""
    fields = f"business_discovery.username({DOOMED}){{{PROFILE_FIELDS},media.limit({PAGE_SIZE}){{{MEDIA_FIELDS}}}}}"
    upstream.route("GET", NODE, query={"fields": fields}, status=400,
                   fixture="instagram_graph/error_invalid_param_100.json")
    upstream.route("GET", "/ig/info_username/", query={"user": DOOMED}, status=400,
                   body={"message": "Invalid username"})
    upstream.route("GET", "/user_info_by_id", query={"user_name": DOOMED}, status=400,
                   body={"message": "Invalid username"})


def served_kinds(routes: dict) -> dict:
    """source -> the fault kinds its routes served (a route serves its answers in order)."""
    served = {}
    for (source, _), (route, kinds) in routes.items():
        served.setdefault(source, set()).update(kinds[: route.served])
    return served


def run_all(flows) -> list[ScrapeRequestLog]:
    tasks = [submit(name, params)[0] for name, params in flows]

    def ended():
        return ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks], status__in=ENDED).count() == len(tasks)

    try:
        wait_for(ended, timeout=90, interval=0.2, message="every task to end")
    except AssertionError:
        rows = ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]).values("flow", "status", "attempts",
                                                                                     "error")
        raise AssertionError(f"not ended: {[r for r in rows if r['status'] not in ENDED]}") from None
    return list(ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]).order_by("pk"))


def test_a_seeded_mix_of_upstream_faults_ends_every_task_clearly_and_kills_no_worker(upstream, cluster, maintainer,  # noqa: F811
                                                                                       tmp_path):
    rng = random.Random(SEED)
    credentials = {c.source: c for c in (credential(GRAPH), credential(ARRAYBOBO), credential(JOTUCKER))}
    routes = serve_with_faults(upstream, rng)
    refuse_doomed(upstream)
    flows = FLOWS * 10
    for at, doomed in zip((5, 22), DOOMED_FLOWS):
        flows[at] = doomed
    assert len(flows) == TASKS == 40
    process = cluster(BEAT_GRAPHAPI_BASE_URL=upstream.url + "/v21.0", BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL=upstream.url,
                      BEAT_RAPIDAPI_JOTUCKER_BASE_URL=upstream.url, BEAT_HTTP_READ_TIMEOUT="1", BEAT_RETRY_BASE="1",
                      BEAT_RETRY_CAP="2", BEAT_WORKERS="3", BEAT_WAKEUP_STALE="2")
    maintainer(BEAT_WAKEUP_STALE="2")  # wakes the tasks that retries and rate limits put off, at their retry_at

    ended = run_all(flows)
    statuses = {status: sum(t.status == status for t in ended) for status in ENDED}
    print("upstream faults:", {str(k): v for k, v in statuses.items()}, "calls:", len(upstream.calls()), "failed:",
          [(t.flow, t.attempts, t.error["code"], t.error["message"][:90]) for t in ended if t.status == Status.FAILED])
    for task in ended:
        if task.status == Status.FAILED:
            assert task.error["code"] and task.error["message"], task.error
            assert task.error["code"] != "internal_error", task.error  # a fault is never a crash of Beat's
    doomed = [t for t in ended if t.params.get("handle") == DOOMED]
    for task in doomed:  # a permanent refusal fails the task at once, naming the call refused
        assert (task.status, task.attempts, task.error["code"]) == (Status.FAILED, 1, "upstream_rejected"), task.error
        assert "HTTP 400" in task.error["message"]
    assert statuses[Status.COMPLETE] >= 30  # retries and fallback get through the faults
    # every kind of fault was served by every source, and the client named each as it should
    assert served_kinds(routes) == {GRAPH: set(KINDS), ARRAYBOBO: set(KINDS), JOTUCKER: set(KINDS)}
    for source in (GRAPH, ARRAYBOBO, JOTUCKER):
        seen = set(UpstreamCall.objects.filter(source=source, ok=False).values_list("status_code", "error_code"))
        assert {(429, "rate_limited"), (500, "upstream_error"), (None, "upstream_error"),
                (200, "bad_response")} <= seen, (source, seen)

    # no worker died: the cluster runs, and its log reports no worker reincarnated or crashed
    assert process.poll() is None
    log = "\n".join(p.read_text() for p in tmp_path.glob("cluster-*.log"))
    assert "reincarnated" not in log.lower() and "Traceback" not in log, log[-3000:]

    # the credentials cooled by 429s serve again once the upstream is healthy
    cooled = set(UpstreamCall.objects.filter(status_code=429).values_list("credential_id", flat=True))
    assert cooled == {c.pk for c in credentials.values()}
    for (source, path), good in good_answers().items():
        upstream.route("GET", path, body=good)
    until = max(Credential.objects.exclude(cooling_until=None).values_list("cooling_until", flat=True),
                default=timezone.now())
    time.sleep(max(0.0, (until - timezone.now()).total_seconds()))
    healthy = timezone.now()
    after = run_all([FLOWS[0], FLOWS[2], FLOWS[3]])  # Graph, jotucker and arraybobo answer first
    assert [t.status for t in after] == [Status.COMPLETE] * 3, [t.error for t in after]
    assert [t.data["source"] for t in after] == [GRAPH, JOTUCKER, ARRAYBOBO]
    answered = set(UpstreamCall.objects.filter(created_at__gte=healthy, ok=True).values_list("credential_id", flat=True))
    assert cooled <= answered
    assert set(Credential.objects.values_list("state", flat=True)) == {State.ACTIVE}

    # every source refuses the credentials themselves: each is set aside, and the task fails naming them
    upstream.route("GET", NODE, fixture="instagram_graph/error_token_invalid_190.json", status=400)
    for path in ("/ig/info_username/", "/user_info_by_id"):
        upstream.route("GET", path, fixture="rapidapi/error_401_invalid_key.json", status=401)
    [refused] = run_all([FLOWS[0]])
    assert (refused.status, refused.attempts, refused.error["code"]) == (Status.FAILED, 1, "no_provider")
    assert "no provider of profile_by_handle has a usable credential" in refused.error["message"]
    tried = [(t["source"], t["outcome"], t.get("credential_id")) for t in refused.error["details"]["tried"]]
    # in the chain's order, or another when a provider's budget was still spent and its turn came later
    assert sorted(t for t in tried if t[1] == "auth_failed") == [(s, "auth_failed", credentials[s].pk)
                                                                for s in (GRAPH, ARRAYBOBO, JOTUCKER)], tried
    set_aside = dict(Credential.objects.values_list("source", "state_reason").filter(state=State.NEEDS_ATTENTION))
    assert set(set_aside) == {GRAPH, ARRAYBOBO, JOTUCKER}
    assert "Invalid OAuth access token" in set_aside[GRAPH] and "HTTP 401" in set_aside[ARRAYBOBO], set_aside
    assert process.poll() is None

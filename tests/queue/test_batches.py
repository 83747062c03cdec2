"""Claims in batches: order, caps, quick flows only, outcomes written together, unstarted tasks handed
back, coalesced wake-ups. Inline (claim + batch runner) on PostgreSQL, and on a real cluster."""
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beat.models import ScrapeRequestLog, Status
from beat.queue import batch, claim, maintenance, marks, pokes, quick, services, wakeup
from tests.queue.conftest import wait_for

pytestmark = pytest.mark.django_db
QUICK = frozenset({"beat_echo", "test_capped"})


def flows(tasks):
    return [t.flow for t in tasks]


def test_a_batch_takes_the_highest_priority_first_and_never_passes_a_flows_cap(markers):
    capped = [services.submit("test_capped", {"marker_dir": str(markers)})[0] for _ in range(4)]  # cap 2
    urgent = [services.submit("beat_echo", {}, priority=5)[0] for _ in range(3)]
    late = [services.submit("beat_echo", {}, priority=0)[0] for _ in range(2)]
    got = claim.claim_batch(queue="default", worker="w1", limit=10, quick=QUICK)
    assert [t.pk for t in got] == [t.pk for t in urgent] + [t.pk for t in capped[:2]] + [t.pk for t in late]
    assert {t.status for t in got} == {Status.PROCESSING} and {t.attempts for t in got} == {1}
    assert claim.claim_batch(queue="default", worker="w2", limit=10, quick=QUICK) == []  # the cap is full


def test_a_batch_stops_at_its_limit():
    submitted = [services.submit("beat_echo", {})[0] for _ in range(5)]
    first = claim.claim_batch(queue="default", worker="w1", limit=3, quick=QUICK)
    second = claim.claim_batch(queue="default", worker="w2", limit=3, quick=QUICK)
    assert [t.pk for t in first + second] == [t.pk for t in submitted]


def test_a_task_of_a_flow_not_known_to_be_quick_is_the_last_of_its_batch(markers):
    services.submit("beat_echo", {})
    services.submit("test_capped", {"marker_dir": str(markers)})
    services.submit("beat_echo", {})
    assert flows(claim.claim_batch(queue="default", worker="w1", limit=10, quick={"beat_echo"})) == [
        "beat_echo", "test_capped"]
    assert flows(claim.claim_batch(queue="default", worker="w1", limit=10, quick=())) == ["beat_echo"]


def test_a_batchs_outcomes_are_one_update_and_a_task_taken_back_meanwhile_keeps_its_new_claim():
    for _ in range(3):
        services.submit("beat_echo", {"payload": {"n": 1}})
    tasks = claim.claim_batch(queue="default", worker="old:1", limit=3, quick=QUICK)
    taken = tasks[1]
    ScrapeRequestLog.objects.filter(pk=taken.pk).update(status=Status.PENDING)  # as take_back does
    again = claim.claim_next(queue="default", worker="new:2")
    assert again.pk == taken.pk
    with CaptureQueriesContext(connection) as queries:
        assert batch.run(tasks, quick=QUICK) == (3, 0)
    assert sum(q["sql"].startswith("UPDATE scrape_request_log AS t") for q in queries.captured_queries) == 1
    rows = {t.pk: t for t in ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks])}
    assert [rows[t.pk].status for t in tasks] == [Status.COMPLETE, Status.PROCESSING, Status.COMPLETE]
    assert rows[taken.pk].worker == "new:2" and rows[tasks[0].pk].data["echo"] == {"n": 1}


def test_outcomes_of_every_kind_in_one_batch_are_written_as_the_runner_decides():
    ok, _ = services.submit("beat_echo", {})
    retried, _ = services.submit("beat_echo", {"fail": "transient"})
    failed, _ = services.submit("beat_echo", {"fail": "permanent"})
    tasks = claim.claim_batch(queue="default", worker="w1", limit=10, quick=QUICK)
    batch.run(tasks, quick=QUICK)
    for task in (ok, retried, failed):
        task.refresh_from_db()
    assert ok.status == Status.COMPLETE and ok.lease_until is None and ok.scraped_at is not None
    assert retried.status == Status.PENDING and retried.retry_at is not None and retried.attempts == 1
    assert failed.status == Status.FAILED and failed.error["code"]


def test_tasks_not_started_within_the_hold_go_back_to_the_queue_unspent(settings):
    settings.BEAT_BATCH_HOLD_MS = 0
    for _ in range(4):
        services.submit("beat_echo", {})
    tasks = claim.claim_batch(queue="default", worker="w1", limit=4, quick=QUICK)
    assert batch.run(tasks, quick=QUICK) == (1, 3)
    back = ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks[1:]])
    assert {(t.status, t.attempts, t.worker, t.picked_at) for t in back} == {(Status.PENDING, 0, "", None)}
    assert [t.pk for t in claim.claim_batch(queue="default", worker="w2", limit=4, quick=QUICK)] == [
        t.pk for t in tasks[1:]]


def test_a_flow_is_batched_while_its_runs_are_quick_and_not_once_they_slow_down(settings):
    settings.BEAT_BATCH_QUICK_MS = 20
    times = quick.FlowTimes()
    assert times.quick() == []  # nothing known: every claim is of one task
    times.ran("a", 0.002)
    times.ran("b", 0.300)
    assert times.quick() == ["a"]
    for _ in range(3):
        times.ran("a", 0.100)
    assert times.quick() == []


def test_a_wake_up_on_its_way_or_a_worker_holding_the_queue_covers_new_tasks(redis_conn):
    broker = wakeup.broker()
    broker.purge_queue()
    wakeup.nudge("default")
    wakeup.nudge("default")
    assert broker.queue_size() == 1  # the second task is claimed by the first wake-up's worker
    marks.hold("default", "w1")  # that worker drains the queue: new tasks only poke it
    wakeup.nudge("default")
    assert broker.queue_size() == 1
    marks.hold("default", "w2")
    marks.release("default", "w1")  # one worker leaves: the other still holds the queue
    wakeup.nudge("default")
    assert broker.queue_size() == 1
    marks.release("default", "w2")  # the last leaves (after one more claim): a task from now on sends its own
    wakeup.nudge("default")
    assert broker.queue_size() == 2
    redis_conn.flushdb()  # a Redis restart loses the mark with the messages: the next task sends again
    wakeup.nudge("default")
    assert broker.queue_size() == 1


def test_the_sweep_sends_at_most_one_wake_up_per_worker(redis_conn, settings):
    settings.BEAT_WAKEUP_STALE = 0
    wakeup.broker().purge_queue()
    ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={}) for _ in range(50)])
    assert maintenance.resend_wakeups() == settings.Q_CLUSTER["workers"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.cluster
def test_a_cluster_runs_quick_tasks_in_batches_each_once(cluster, markers):
    cluster()
    for _ in range(10):  # the workers learn the flow is quick
        services.submit("test_logged", {"marker_dir": str(markers)})
    wait_for(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 10, timeout=30,
             message="the first tasks")
    ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="test_logged", params={"marker_dir": str(markers)})
         for _ in range(300)])
    wakeup.send("default")  # one wake-up: its worker recruits the others
    wait_for(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 310, timeout=60,
             message="every task to complete")
    ran = Counter((markers / "runs.log").read_text().split())
    assert len(ran) == 310 and set(ran.values()) == {1}
    claims = Counter(ScrapeRequestLog.objects.values_list("worker", "picked_at"))
    assert max(claims.values()) > 1, "no claim took more than one task"
    assert len({worker for worker, _ in claims}) > 1, "one worker ran everything: nobody was recruited"


def test_the_logs_hold_no_line_per_wake_up_but_keep_django_qs_other_lines(redis_conn, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="django-q")
    wakeup.broker().purge_queue()
    wakeup.send("default")
    logging.getLogger("django-q").info("Q Cluster starting.")
    logging.getLogger("django-q").error("Failed 'beat.queue.wakeup.wake' (beat-wake) - boom")
    assert [r.getMessage() for r in caplog.records if r.name == "django-q"] == [
        "Q Cluster starting.", "Failed 'beat.queue.wakeup.wake' (beat-wake) - boom"]


def test_a_task_that_expired_while_waiting_in_its_batch_ends_expired_without_running():
    from datetime import timedelta

    from django.utils import timezone

    first, _ = services.submit("beat_echo", {})
    soon, _ = services.submit("beat_echo", {}, expires_at=timezone.now() + timedelta(seconds=30))
    tasks = claim.claim_batch(queue="default", worker="w1", limit=2, quick=QUICK)
    tasks[1].expires_at = timezone.now() - timedelta(seconds=1)  # as if its turn came after its expiry
    ScrapeRequestLog.objects.filter(pk=soon.pk).update(expires_at=tasks[1].expires_at)
    batch.run(tasks, quick=QUICK)
    soon.refresh_from_db()
    assert soon.status == Status.EXPIRED and soon.error["code"] == "expired" and soon.data is None


def in_thread(work):
    """Run work() on another thread (its own database connection, as another process would), and
    return what it returned."""
    import threading

    from django.db import connection as its_connection

    out = {}

    def run():
        try:
            out["value"] = work()
        finally:
            its_connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return out.get("value")


@pytest.mark.django_db(transaction=True)
def test_a_lingering_worker_hears_a_new_tasks_commit_and_no_wake_up_is_sent(redis_conn):
    broker = wakeup.broker()
    broker.purge_queue()
    assert marks.linger("default", "w1", 5000)
    assert not marks.linger("default", "w2", 5000)  # one lingerer per queue: another goes back to the cluster
    ear = pokes.Listener("default")
    assert ear.listen() is True  # it has just started listening: its worker claims once before it waits
    assert ear.listen() is False
    assert ear.wait(0.05) is False  # nothing committed since
    for _ in range(3):
        in_thread(lambda: services.submit("beat_echo", {}))
    time.sleep(0.3)  # PostgreSQL hands each commit's poke to this connection: all three are here by now
    started = time.monotonic()
    assert ear.wait(5) is True and time.monotonic() - started < 0.5
    assert ear.wait(0.05) is False  # the three pokes were heard as one: one claim takes the three tasks
    assert broker.queue_size() == 0  # the lingerer claims them: no message
    connection.close()  # a lost connection loses its LISTEN: listening again counts as just started
    assert ear.listen() is True
    ear.stop()
    marks.release("default", "w1")  # the worker leaves the queue: a wake-up again, and another may linger
    in_thread(lambda: services.submit("beat_echo", {}))
    assert broker.queue_size() == 1
    assert marks.linger("default", "w2", 5000)


@pytest.mark.django_db(transaction=True)
def test_a_poke_is_heard_when_its_transaction_commits_and_never_for_a_rollback(redis_conn):
    import threading

    from django.db import transaction

    failed = ScrapeRequestLog.objects.create(platform="BEAT", flow="beat_echo", params={}, status=Status.FAILED)
    assert marks.linger("default", "w1", 5000)
    ear = pokes.Listener("default")
    ear.listen()
    inside, go = threading.Event(), threading.Event()

    def requeue_and_commit_later():
        with transaction.atomic():
            services.requeue(ScrapeRequestLog.objects.get(pk=failed.pk))
            inside.set()
            go.wait(5)

    def submit_and_roll_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.submit("beat_echo", {})
            raise RuntimeError("the caller's transaction fails")

    thread = threading.Thread(target=lambda: in_thread(requeue_and_commit_later))
    thread.start()
    assert inside.wait(5)
    assert ear.wait(0.2) is False  # requeued, not yet committed: no worker could claim it
    go.set()
    started = time.monotonic()
    assert ear.wait(5) is True and time.monotonic() - started < 1  # heard as the transaction commits
    thread.join(5)
    in_thread(submit_and_roll_back)
    assert ear.wait(0.2) is False
    ear.stop()


def test_a_nudge_pokes_a_queue_someone_holds_and_wakes_one_nobody_holds(redis_conn):
    wakeup.broker().purge_queue()
    assert marks.linger("default", "w1", 5000)
    with CaptureQueriesContext(connection) as queries:
        wakeup.nudge("default")  # the lingerer still holds the queue
    assert wakeup.broker().queue_size() == 0 and "pg_notify" in queries[-1]["sql"]
    marks.release("default", "w1")
    assert not redis_conn.exists("beat:wake-lingerer:default")
    with CaptureQueriesContext(connection) as queries:
        wakeup.nudge("default")
    assert wakeup.broker().queue_size() == 1 and len(queries) == 0


def lingering_drain(settings, monkeypatch, hand_over_seconds):
    """A Drain of the default queue on another thread, its turn 0.3 s (its lingering would last 5 s);
    returns (thread, its worker name)."""
    import threading

    from beat.queue import drain

    settings.BEAT_DRAIN_SECONDS, settings.BEAT_LINGER_MS = 0.3, 5000
    monkeypatch.setattr(drain, "HAND_OVER_SECONDS", hand_over_seconds)
    monkeypatch.setattr(quick, "times", quick.FlowTimes())
    quick.times.ran("beat_echo", 0.001)  # a quick flow: the worker keeps the queue while it runs one
    wakeup.broker().purge_queue()
    worker = drain.Drain("default")
    thread = threading.Thread(target=lambda: in_thread(worker.run), daemon=True)
    thread.start()
    return thread, worker.worker


@pytest.mark.django_db(transaction=True)
def test_a_lingerer_whose_turn_is_over_runs_new_tasks_until_its_successor_listens(redis_conn, settings,
                                                                                   monkeypatch):
    thread, name = lingering_drain(settings, monkeypatch, hand_over_seconds=30)
    holders, lingerer = "beat:wake-holders:default", "beat:wake-lingerer:default"
    wait_for(lambda: redis_conn.get(lingerer) == name.encode(), timeout=5, message="the drain lingering")
    # its turn is over: it steps down and wakes a successor, and still holds the queue and listens
    wait_for(lambda: wakeup.broker().queue_size() == 1, timeout=5, message="the successor's wake-up")
    assert not redis_conn.exists(lingerer) and redis_conn.zscore(holders, name) is not None
    task, _ = services.submit("beat_echo", {})
    wait_for(lambda: ScrapeRequestLog.objects.get(pk=task.pk).status == Status.COMPLETE, timeout=5,
             message="the task run by the worker handing over")
    assert wakeup.broker().queue_size() == 1  # the submit found the queue held: no wake-up of its own
    assert thread.is_alive()
    assert marks.linger("default", "successor", 5000)  # the successor lingers and listens
    successor = pokes.Listener("default")
    assert successor.listen() is True
    thread.join(5)  # it hears the successor and leaves, long before its 30 s
    assert not thread.is_alive()
    assert redis_conn.zscore(holders, name) is None and redis_conn.get(lingerer) == b"successor"
    assert wakeup.broker().queue_size() == 1  # it woke no one else on leaving
    successor.wait(0.05)
    assert successor.replaced is False  # its own word is not another's
    successor.stop()


@pytest.mark.django_db(transaction=True)
def test_a_lingerer_whose_successor_does_not_come_leaves_and_the_queue_is_not_held(redis_conn, settings,
                                                                                   monkeypatch):
    thread, name = lingering_drain(settings, monkeypatch, hand_over_seconds=0.3)
    wait_for(lambda: wakeup.broker().queue_size() >= 1, timeout=5, message="the successor's wake-up")
    thread.join(5)
    assert not thread.is_alive()
    assert redis_conn.zscore("beat:wake-holders:default", name) is None  # new tasks wake workers again
    in_thread(lambda: services.submit("beat_echo", {}))
    assert wakeup.broker().queue_size() == 2  # the new task sends its own wake-up


@pytest.mark.django_db(transaction=True)
@pytest.mark.cluster
def test_tasks_submitted_one_by_one_while_a_worker_lingers_start_without_wake_up_messages(cluster, markers,
                                                                                        redis_conn):
    cluster(BEAT_LINGER_MS="2000")
    services.submit("test_logged", {"marker_dir": str(markers)})
    wait_for(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 1, timeout=30,
             message="the first task")
    wait_for(lambda: redis_conn.exists("beat:wake-lingerer:default"), timeout=5, message="a lingering worker")
    sent = []
    real_send = wakeup.send
    wakeup.send = lambda *args, **kwargs: sent.append(args) or real_send(*args, **kwargs)
    try:
        for _ in range(20):
            services.submit("test_logged", {"marker_dir": str(markers)})
            time.sleep(0.01)
    finally:
        wakeup.send = real_send
    wait_for(lambda: ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 21, timeout=30,
             message="every task")
    assert len(sent) <= 2, f"{len(sent)} wake-ups for 20 tasks a lingering worker could take"
    assert set(Counter((markers / "runs.log").read_text().split()).values()) == {1}


def test_each_task_of_a_batch_has_its_own_lease_and_its_flows_timeout(markers, settings):
    echo, _ = services.submit("beat_echo", {})
    slow, _ = services.submit("test_slow", {"marker_dir": str(markers), "sleep_ms": 3000})  # timeout 1 s
    tasks = claim.claim_batch(queue="default", worker="w1", limit=10, quick={"beat_echo", "test_slow"})
    assert [t.pk for t in tasks] == [echo.pk, slow.pk]
    grace = settings.BEAT_LEASE_GRACE
    assert [(t.lease_until - t.picked_at).total_seconds() for t in tasks] == [30 + grace, 1 + grace]
    batch.run(tasks, quick={"beat_echo", "test_slow"})
    echo.refresh_from_db()
    slow.refresh_from_db()
    assert echo.status == Status.COMPLETE and slow.status == Status.TIMEOUT


def test_a_dead_workers_whole_batch_is_taken_back_at_once():
    for _ in range(3):
        services.submit("beat_echo", {})
    tasks = claim.claim_batch(queue="default", worker="dead:1", limit=3, quick=QUICK)
    assert maintenance.take_back(["dead:1"], "the worker process died") == 3
    assert set(ScrapeRequestLog.objects.filter(pk__in=[t.pk for t in tasks]).values_list("status", flat=True)) == {
        Status.PENDING}
    assert len(claim.claim_batch(queue="default", worker="new:2", limit=3, quick=QUICK)) == 3


def test_a_draining_worker_hands_its_queue_on_when_another_queues_wake_up_waits(redis_conn, settings, monkeypatch):
    from beat.queue.drain import Drain

    settings.BEAT_BATCH_SIZE = 2
    monkeypatch.setattr(quick, "times", quick.FlowTimes())
    quick.times.ran("beat_echo", 0.001)
    broker = wakeup.broker()
    for _ in range(5):
        services.submit("beat_echo", {})
    broker.purge_queue()  # the submits' own wake-up: this test runs the drain itself
    wakeup.send("instagram")  # another queue's wake-up waits for a worker
    assert Drain("default").run() == 2  # one batch, then its turn ends
    assert broker.queue_size() == 2  # the instagram wake-up, and the default queue's, after it
    broker.purge_queue()
    assert Drain("default").run() == 3  # nothing else waits: it drains the rest


def test_a_backlog_recruits_workers_only_while_fewer_than_a_cluster_hold_the_queue(redis_conn, settings,
                                                                                   monkeypatch):
    from beat.queue.drain import Drain

    settings.BEAT_BATCH_SIZE, settings.BEAT_LINGER_MS = 2, 0
    monkeypatch.setattr(quick, "times", quick.FlowTimes())
    quick.times.ran("beat_echo", 0.001)
    broker = wakeup.broker()

    def wake_ups_sent_by_a_drain_beside(holders) -> int:
        for _ in range(6):
            services.submit("beat_echo", {})
        broker.purge_queue()  # the submits' own wake-up: this test runs the drain itself
        for name in holders:
            marks.hold("default", name, 5000)
        Drain("default").run()
        sent = broker.queue_size()
        broker.purge_queue()
        for name in holders:
            marks.release("default", name)
        return sent

    assert wake_ups_sent_by_a_drain_beside([]) >= 1  # alone on a backlog: it recruits
    others = [f"other-{i}" for i in range(settings.Q_CLUSTER["workers"] - 1)]
    assert wake_ups_sent_by_a_drain_beside(others) == 0  # with it, as many workers as a cluster has hold the queue
    assert ScrapeRequestLog.objects.filter(status=Status.COMPLETE).count() == 12


def test_a_claimed_task_and_a_submitted_one_are_the_rows_the_orm_reads():
    from datetime import timedelta

    from django.utils import timezone

    submitted, _ = services.submit("beat_echo", {"payload": {"a": [1, "é"]}}, priority=7, idempotency_key="k1",
                                   expires_at=timezone.now() + timedelta(hours=1))
    fields = [f.attname for f in ScrapeRequestLog._meta.concrete_fields]
    stored = ScrapeRequestLog.objects.get(pk=submitted.pk)
    assert {f: getattr(submitted, f) for f in fields} == {f: getattr(stored, f) for f in fields}
    claimed = claim.claim_batch(queue="default", worker="w1", limit=1)[0]
    stored.refresh_from_db()
    assert {f: getattr(claimed, f) for f in fields} == {f: getattr(stored, f) for f in fields}
    assert claimed.params["payload"] == {"a": [1, "é"]} and not claimed._state.adding

"""The stacked rate limiter on real Redis (REDIS_URL, the tests' own db) and on its embedded SQLite store."""
import importlib
import logging
import multiprocessing
import threading
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from beat.ratelimit import (
    UNAVAILABLE, Limit, LocalLimiter, RedisLimiter, acquire, get_limiter, profile_refresh_limits, source_limits,
)
from beat.ratelimit.base import Waiter
from beat.ratelimit.redis_limiter import KEY_PREFIX
from bench.windows import most_in_any_window

FORK = multiprocessing.get_context("fork")


class CountingRedis(redis.Redis):
    """A real client that counts the commands it sends (each one is a round trip)."""

    sent = 0

    def execute_command(self, *args, **options):
        self.sent += 1
        return super().execute_command(*args, **options)


@pytest.fixture
def key():
    return f"test:{uuid.uuid4().hex[:12]}"


@pytest.fixture
def limiter():
    return RedisLimiter(client=CountingRedis.from_url(settings.REDIS_URL))


@pytest.fixture
def local(tmp_path):
    return LocalLimiter(tmp_path / "ratelimit.sqlite3")


def grant_times(limiter, limits, seconds: float) -> list[float]:
    """Asks as fast as the answers allow for `seconds`; returns the grant times the limiter decided at."""
    granted, stop = [], time.monotonic() + seconds
    while time.monotonic() < stop:
        decision, at = limiter.acquire_timed(limits)
        if decision.allowed:
            granted.append(at)
        else:
            time.sleep(min(decision.retry_after, 0.01))
    return granted


def _child_grants(queue, make_limiter, limits, seconds):
    queue.put(grant_times(make_limiter(), limits, seconds))


def grants_from_processes(make_limiter, limits, processes: int, seconds: float) -> list[float]:
    queue = FORK.Queue()
    children = [FORK.Process(target=_child_grants, args=(queue, make_limiter, limits, seconds)) for _ in range(processes)]
    for child in children:
        child.start()
    times = [at for _ in children for at in queue.get(timeout=30)]
    for child in children:
        child.join(timeout=10)
    return times


# --- all or none ---------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", ["redis", "local"])
def test_a_stack_whose_second_limit_is_full_consumes_nothing_of_the_first(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    roomy, full = Limit(f"{key}:roomy", 3, 60), Limit(f"{key}:full", 1, 60)
    assert limiter.acquire([full]).allowed

    for _ in range(5):
        decision = limiter.acquire([roomy, full])
        assert not decision.allowed and decision.blocking_key == full.key

    assert [limiter.acquire([roomy]).allowed for _ in range(4)] == [True, True, True, False]


def test_a_granted_stack_consumes_every_limit(key, limiter):
    stack = [Limit(f"{key}:a", 2, 60), Limit(f"{key}:b", 5, 60)]
    assert limiter.acquire(stack).allowed
    assert limiter.acquire(stack).allowed
    assert limiter.acquire(stack).blocking_key == f"{key}:a"
    assert limiter.client.zcard(f"{KEY_PREFIX}{key}:b@60") == 2


@pytest.mark.slow
def test_one_key_stacked_at_several_periods_counts_each_window(key, limiter):
    stack = [Limit(key, 3, 60), Limit(key, 1, 1)]
    assert limiter.acquire(stack).allowed
    assert limiter.acquire(stack).retry_after > 0.9  # the per-second window blocks
    time.sleep(1.01)
    assert limiter.acquire(stack).allowed
    time.sleep(1.01)
    assert limiter.acquire(stack).allowed
    time.sleep(1.01)
    decision = limiter.acquire(stack)
    assert not decision.allowed and decision.retry_after > 50  # now the per-minute window blocks


def test_a_cost_above_one_takes_that_many_or_nothing(key, limiter):
    limit = Limit(key, 5, 60)
    assert limiter.acquire([limit], cost=3).allowed
    assert not limiter.acquire([limit], cost=3).allowed
    assert limiter.acquire([limit], cost=2).allowed
    with pytest.raises(ValueError):
        limiter.acquire([limit], cost=6)


def test_an_empty_stack_is_allowed_after_one_round_trip(limiter):
    assert acquire([]).allowed
    assert limiter.acquire([]).allowed and limiter.client.sent == 1


def test_an_empty_stack_is_denied_when_redis_is_down():
    decision = RedisLimiter("redis://127.0.0.1:1/0").acquire([])
    assert not decision.allowed and decision.blocking_key == UNAVAILABLE


# --- exact sliding windows -----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("backend", ["redis", "local"])
def test_at_a_window_edge_only_the_grants_that_left_the_window_come_back(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    limit = Limit(key, 3, 0.6)
    assert limiter.acquire([limit]).allowed
    time.sleep(0.3)
    assert limiter.acquire([limit]).allowed and limiter.acquire([limit]).allowed
    decision = limiter.acquire([limit])
    time.sleep(decision.retry_after + 0.01)  # the first grant has left; the other two have not
    assert [limiter.acquire([limit]).allowed for _ in range(3)] == [True, False, False]


def test_threads_hammering_one_limit_never_exceed_it_in_any_window(key, limiter):
    limit, results = Limit(key, 5, 0.2), []
    threads = [threading.Thread(target=lambda: results.extend(grant_times(limiter, [limit], 1.5))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_in_any_window(results, 0.2) == 5
    assert len(results) >= 0.8 * 5 * 1.5 / 0.2


@pytest.mark.parametrize("backend", ["redis", "local"])
def test_processes_sharing_one_limit_never_exceed_it_in_any_window(backend, key, tmp_path):
    if backend == "redis":
        make_limiter = lambda: RedisLimiter(settings.REDIS_URL)  # noqa: E731
    else:
        make_limiter = lambda: LocalLimiter(tmp_path / "shared.sqlite3")  # noqa: E731
    times = grants_from_processes(make_limiter, [Limit(key, 10, 0.5)], processes=4, seconds=1.5)
    assert most_in_any_window(times, 0.5) == 10
    assert len(times) >= 0.8 * 10 * 1.5 / 0.5


# --- retry_after ---------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("backend", ["redis", "local"])
def test_retry_after_is_when_the_stack_passes_again(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    limit = Limit(key, 2, 1)
    assert limiter.acquire([limit]).allowed and limiter.acquire([limit]).allowed
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.9 < decision.retry_after <= 1.0
    time.sleep(decision.retry_after - 0.3)
    assert not limiter.acquire([limit]).allowed
    time.sleep(0.32)
    assert limiter.acquire([limit]).allowed


@pytest.mark.parametrize("backend", ["redis", "local"])
def test_a_safety_margin_keeps_a_grant_in_its_window_that_much_longer(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    limit = Limit(key, 1, 0.3, margin=0.2)
    assert limiter.acquire([limit]).allowed
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.45 < decision.retry_after <= 0.5
    time.sleep(0.35)  # past the upstream's own period, not past the margin
    assert not limiter.acquire([limit]).allowed
    time.sleep(0.17)
    assert limiter.acquire([limit]).allowed


@pytest.mark.parametrize("backend", ["redis", "local"])
def test_a_grant_whose_call_answered_within_the_margin_leaves_a_period_after_the_answer(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    limit = Limit(key, 1, 0.3, margin=0.2)
    granted = limiter.acquire([limit])
    time.sleep(0.02)  # the call: it starts at once and is answered 20 ms later
    limiter.answered([limit], granted, sent_ago=0.02, answer_ago=0.0)
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.25 < decision.retry_after <= 0.3  # not the 0.48 s of the margin
    time.sleep(decision.retry_after + 0.01)
    assert limiter.acquire([limit]).allowed


@pytest.mark.parametrize("backend", ["redis", "local"])
def test_a_grant_whose_call_started_late_leaves_a_period_and_the_margin_after_the_start(backend, key, limiter, local):
    limiter = limiter if backend == "redis" else local
    limit = Limit(key, 1, 0.3, margin=0.05)
    granted = limiter.acquire([limit])
    time.sleep(0.2)  # the worker started the call 0.1 s after its grant; the answer took 0.1 s more
    limiter.answered([limit], granted, sent_ago=0.1, answer_ago=0.0)
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.2 < decision.retry_after <= 0.25  # from the start: 0.1 + 0.35 s
    time.sleep(0.17)  # past the grant's own period and margin, not past the start's
    assert not limiter.acquire([limit]).allowed
    time.sleep(0.09)
    assert limiter.acquire([limit]).allowed


@pytest.mark.slow
def test_a_call_started_long_after_its_grant_keeps_its_window_alive_until_it_leaves(key, limiter):
    limit = Limit(key, 1, 0.3, margin=0.05)
    granted = limiter.acquire([limit])
    time.sleep(1.2)  # a stalled worker: its key would expire 1.35 s after the grant
    limiter.answered([limit], granted, sent_ago=0.0, answer_ago=0.0)
    time.sleep(0.2)
    assert not limiter.acquire([limit]).allowed  # it counts from the start: it leaves 1.5 s after the grant


def test_a_limit_without_a_margin_counts_from_the_grant_whatever_the_answer(key, limiter):
    limit = Limit(key, 1, 0.3)
    granted = limiter.acquire([limit])
    time.sleep(0.1)
    limiter.answered([limit], granted, sent_ago=0.05, answer_ago=0.0)
    assert limiter.client.sent == 1  # nothing to tell Redis
    assert 0.15 < limiter.acquire([limit]).retry_after <= 0.2


def test_an_answer_is_one_round_trip_for_the_whole_stack(key, limiter):
    stack = [Limit(f"{key}:a", 5, 1, margin=0.03), Limit(f"{key}:b", 100, 60, margin=0.03)]
    granted = limiter.acquire(stack)
    limiter.answered(stack, granted, sent_ago=0.002, answer_ago=0.001)
    assert limiter.client.sent == 2


def test_grants_of_a_window_with_a_margin_are_spaced_so_a_backlog_does_not_leave_at_once(key, limiter):
    limit = Limit(key, 5, 1, margin=0.03)
    assert limiter.acquire([limit]).allowed
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.02 < decision.retry_after <= 0.03
    time.sleep(decision.retry_after + 0.002)
    assert limiter.acquire([limit]).allowed


def test_the_spacing_counts_from_the_grant_even_once_its_call_answered(key, limiter):
    limit = Limit(key, 5, 1, margin=0.03)
    granted = limiter.acquire([limit])
    limiter.answered([limit], granted, sent_ago=0.0, answer_ago=0.0)  # its window now counts from the answer
    decision = limiter.acquire([limit])
    assert not decision.allowed and 0.02 < decision.retry_after <= 0.03


# --- the waiting room ----------------------------------------------------------------------------

def test_a_waiting_priority_5_caller_is_served_before_a_line_of_priority_1_callers(key, limiter):
    limit = Limit(key, 1, 0.2)
    assert limiter.acquire([limit]).allowed
    line = [Waiter(f"low-{i}", 1) for i in range(3)]
    for waiter in line:
        assert not limiter.acquire([limit], waiter=waiter).allowed
    urgent = Waiter("urgent", 5)
    told = limiter.acquire([limit], waiter=urgent)
    assert not told.allowed and told.retry_after <= 0.2
    time.sleep(told.retry_after + 0.01)
    assert not limiter.acquire([limit], waiter=line[0]).allowed  # the grant that came back is not its turn
    assert limiter.acquire([limit], waiter=urgent).allowed
    time.sleep(0.21)
    assert not limiter.acquire([limit], waiter=line[1]).allowed  # first come, first served
    assert limiter.acquire([limit], waiter=line[0]).allowed


def test_waiters_further_back_are_told_to_come_back_later(key, limiter):
    limit = Limit(key, 2, 1)
    assert limiter.acquire([limit]).allowed
    time.sleep(0.3)
    assert limiter.acquire([limit]).allowed
    first = limiter.acquire([limit], waiter=Waiter("a"))
    second = limiter.acquire([limit], waiter=Waiter("b"))
    third = limiter.acquire([limit], waiter=Waiter("c"))
    assert 0.6 < first.retry_after < 0.71 and 0.9 < second.retry_after <= 1.0
    assert 0.9 < third.retry_after <= 1.0  # its turn needs grants not made yet: at least the newest leaving


def test_a_waiter_that_leaves_or_stops_asking_gives_up_its_place(key):
    limiter = RedisLimiter(settings.REDIS_URL, waiter_silence=0.3)
    limit = Limit(key, 1, 0.1)
    assert limiter.acquire([limit]).allowed
    assert not limiter.acquire([limit], waiter=Waiter("gone", 9)).allowed
    assert not limiter.acquire([limit], waiter=Waiter("left", 8)).allowed
    limiter.leave([limit], Waiter("left", 8))
    time.sleep(0.35)  # the grant left its window long ago, and "gone" never asked again
    assert limiter.acquire([limit], waiter=Waiter("next", 1)).allowed


def test_a_probe_is_told_its_turn_without_joining_the_line(key, limiter):
    limit = Limit(key, 1, 0.2)
    assert limiter.acquire([limit]).allowed
    assert not limiter.acquire([limit], waiter=Waiter("first")).allowed
    probe = limiter.acquire([limit], waiter=Waiter("probe"), join=False)
    assert not probe.allowed and probe.retry_after == pytest.approx(0.2, abs=0.02)  # behind "first": a window on
    time.sleep(0.21)
    assert limiter.acquire([limit], waiter=Waiter("first")).allowed
    time.sleep(0.21)
    assert limiter.acquire([limit], waiter=Waiter("third")).allowed  # "probe" never stood in line


def test_a_caller_that_does_not_wait_queues_behind_the_waiters(key, limiter):
    limit = Limit(key, 1, 0.1)
    assert limiter.acquire([limit]).allowed
    assert not limiter.acquire([limit], waiter=Waiter("w")).allowed
    time.sleep(0.12)
    assert not limiter.acquire([limit]).allowed
    assert limiter.acquire([limit], waiter=Waiter("w")).allowed


def test_retry_after_of_a_stack_is_its_longest_wait(key, limiter):
    short, long = Limit(f"{key}:short", 1, 1), Limit(f"{key}:long", 1, 3)
    assert limiter.acquire([short, long]).allowed
    decision = limiter.acquire([short, long])
    assert decision.blocking_key == long.key and 2.9 < decision.retry_after <= 3.0


# --- fails closed --------------------------------------------------------------------------------

@override_settings(REDIS_URL="redis://127.0.0.1:1/0", BEAT_RATE_LIMIT_UNAVAILABLE_RETRY=7)
def test_an_unreachable_redis_denies_without_raising_and_warns(key, caplog):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="beat.ratelimit"):
        decision = acquire([Limit(key, 100, 60)])
        again = acquire([Limit(key, 100, 60)])
    assert (decision.allowed, decision.retry_after, decision.blocking_key) == (False, 7, UNAVAILABLE)
    assert again == decision
    assert time.monotonic() - started < 3
    warnings = [r for r in caplog.records if "rate limiter unavailable" in r.getMessage()]
    assert len(warnings) == 1  # an outage warns once, not once per call


def test_a_limiter_built_on_a_closed_port_denies(key):
    decision = RedisLimiter("redis://127.0.0.1:1/0").acquire([Limit(key, 100, 60)])
    assert not decision.allowed and decision.blocking_key == UNAVAILABLE and decision.retry_after == 5


def test_an_unusable_local_store_denies(key, tmp_path):
    (tmp_path / "not-a-dir").write_text("")
    decision = LocalLimiter(tmp_path / "not-a-dir" / "rl.sqlite3").acquire([Limit(key, 1, 1)])
    assert not decision.allowed and decision.blocking_key == UNAVAILABLE


# --- round trips ---------------------------------------------------------------------------------

def test_each_check_of_a_stack_is_one_redis_round_trip(key, limiter):
    stack = [Limit(f"{key}:a", 3, 1), Limit(f"{key}:b", 100, 60), Limit(f"{key}:c", 1000, 86400)]
    outcomes = [limiter.acquire(stack).allowed for _ in range(10)]
    assert outcomes.count(True) == 3 and outcomes.count(False) == 7
    assert limiter.client.sent == 10


def test_a_script_missing_from_redis_is_sent_whole_once(key, limiter):
    limiter._scripts = dict.fromkeys(limiter._scripts, "0" * 40)  # as after a Redis restart: EVALSHA answers NOSCRIPT
    assert limiter.acquire([Limit(key, 1, 60)]).allowed
    assert limiter.client.sent == 2
    assert not limiter.acquire([Limit(key, 1, 60)]).allowed


# --- keys expire ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_redis_keys_are_namespaced_and_expire_after_their_window(key, limiter):
    limiter.acquire([Limit(key, 5, 0.2)])
    name = f"{KEY_PREFIX}{key}@0.2"
    assert 0 < limiter.client.pttl(name) <= 1200
    limiter.acquire([Limit(key, 5, 3600)])
    assert 3_600_000 < limiter.client.pttl(f"{KEY_PREFIX}{key}@3600") <= 3_601_000
    time.sleep(1.3)
    assert not limiter.client.exists(name)


@pytest.mark.slow
def test_local_grants_are_deleted_once_out_of_their_window(key, local):
    local.acquire([Limit(key, 5, 0.2)])
    local.acquire([Limit(f"{key}:other", 5, 60)])
    time.sleep(0.25)
    local.acquire([Limit(f"{key}:other", 5, 60)])
    rows = local._connection().execute("SELECT bucket FROM grants").fetchall()
    assert rows == [(f"{key}:other@60",), (f"{key}:other@60",)]


# --- which limiter -------------------------------------------------------------------------------

def test_with_redis_url_acquire_uses_redis(key):
    assert isinstance(get_limiter(), RedisLimiter)
    assert acquire([Limit(key, 1, 60)]).allowed
    assert redis.Redis.from_url(settings.REDIS_URL).exists(f"{KEY_PREFIX}{key}@60")


def test_without_redis_url_acquire_uses_the_local_store_in_var_dir(key, tmp_path):
    with override_settings(REDIS_URL="", VAR_DIR=tmp_path):
        assert isinstance(get_limiter(), LocalLimiter)
        assert acquire([Limit(key, 1, 60)]).allowed
        assert not acquire([Limit(key, 1, 60)]).allowed
    assert (tmp_path / "ratelimit.sqlite3").exists()


def _report_limiter(queue, inherited):
    queue.put(get_limiter() is not inherited and get_limiter() is get_limiter())


def test_a_forked_process_makes_its_own_limiter():
    inherited, queue = get_limiter(), FORK.Queue()
    child = FORK.Process(target=_report_limiter, args=(queue, inherited))
    child.start()
    assert queue.get(timeout=10) is True
    child.join()


# --- limits from settings ------------------------------------------------------------------------

def test_source_limits_are_the_fastapi_beats_defaults_with_the_default_margin():
    assert source_limits("rapidapi-jotucker") == [Limit("source:rapidapi-jotucker", 5, 1, 0.03)]
    assert source_limits("rapidapi-yt") == [Limit("source:rapidapi-yt", 850, 60, 0.03)]
    assert source_limits("graphapi", credential_id=3) == []


@override_settings(BEAT_CREDENTIAL_RATE_LIMITS={"rocketapi": [(10, 1)]})
def test_a_credential_limit_is_stacked_on_its_sources():
    assert source_limits("rocketapi", credential_id=42) == [Limit("source:rocketapi", 100, 30, 0.03),
                                                           Limit("cred:42", 10, 1, 0.03)]
    assert source_limits("rocketapi") == [Limit("source:rocketapi", 100, 30, 0.03)]
    assert source_limits("rapidapi-yt", credential_id=42) == [Limit("source:rapidapi-yt", 850, 60, 0.03)]


@override_settings(BEAT_SOURCE_RATE_LIMITS={"graphapi": [(5, 1, 0.08), (200, 60)]}, BEAT_RATE_LIMIT_MARGIN=0.01)
def test_a_source_limit_may_name_its_own_margin_and_the_others_get_the_default():
    assert source_limits("graphapi") == [Limit("source:graphapi", 5, 1, 0.08), Limit("source:graphapi", 200, 60, 0.01)]


def test_profile_refresh_limits_are_per_platform_kind_and_value():
    stack = profile_refresh_limits("INSTAGRAM", "handle", "@NASA")
    assert stack == [Limit("refresh:instagram:handle:nasa", 20000, 86400), Limit("refresh:instagram:handle:nasa", 60, 60),
                     Limit("refresh:instagram:handle:nasa", 1, 1)]
    keys = {profile_refresh_limits(*args)[0].key for args in
            [("instagram", "handle", "123"), ("instagram", "id", "123"), ("youtube", "id", "123")]}
    assert len(keys) == 3
    with pytest.raises(ValueError):
        profile_refresh_limits("instagram", "shortcode", "x")


def test_a_second_refresh_of_one_handle_within_a_second_is_refused():
    handle = f"h{uuid.uuid4().hex[:8]}"
    assert acquire(profile_refresh_limits("instagram", "handle", handle)).allowed
    decision = acquire(profile_refresh_limits("instagram", "handle", handle.upper()))
    assert not decision.allowed and decision.blocking_key == f"refresh:instagram:handle:{handle}"
    assert acquire(profile_refresh_limits("instagram", "id", handle)).allowed


def test_limits_are_overridden_from_the_environment_as_json(monkeypatch):
    import beat.settings_limits as module

    monkeypatch.setenv("BEAT_SOURCE_RATE_LIMITS", '{"rocketapi": [[200, 30]]}')
    monkeypatch.setenv("BEAT_PROFILE_REFRESH_LIMITS", "[[10, 60]]")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.BEAT_SOURCE_RATE_LIMITS["rocketapi"] == [(200, 30.0)]
        assert reloaded.BEAT_SOURCE_RATE_LIMITS["rapidapi-jotucker"] == [(5, 1.0)]
        assert reloaded.BEAT_PROFILE_REFRESH_LIMITS == [(10, 60.0)]
        monkeypatch.setenv("BEAT_SOURCE_RATE_LIMITS", '{"rocketapi": [[200, 30, 0.05]]}')
        assert importlib.reload(module).BEAT_SOURCE_RATE_LIMITS["rocketapi"] == [(200, 30.0, 0.05)]
        monkeypatch.setenv("BEAT_PROFILE_REFRESH_LIMITS", "[[10, 60, 0.05]]")  # client limits have no margin
        with pytest.raises(ImproperlyConfigured, match="BEAT_PROFILE_REFRESH_LIMITS: one entry is"):
            importlib.reload(module)
        monkeypatch.setenv("BEAT_PROFILE_REFRESH_LIMITS", "10 per minute")
        with pytest.raises(ImproperlyConfigured, match="BEAT_PROFILE_REFRESH_LIMITS must be JSON"):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)

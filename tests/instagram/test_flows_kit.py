"""Shared by the Instagram flow tests: credentials as real rows, flows run through the real queue,
fixtures made recent, and the pure tests of the cursor walker (beat.flows.pagination)."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from beat.errors import RateLimited, UpstreamError
from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit
from credentials.services import credential_upsert
from beat.flows import pagination
from beat.flows.cursor import read_cursor, sign_cursor
from beat.flows.pagination import Page
from tests.fakeupstream import FIXTURES
from tests.instagram.test_providers import GRAPH, LAMA, ME, NASA, RAPIDAPI, ROCKET  # noqa: F401 (NASA: re-exported to the flow tests)

NODE = f"/v21.0/{ME}"
SECRETS = {"graphapi": GRAPH, "lama": LAMA, "rocketapi": ROCKET}
FIXTURE_DAY = datetime(2025, 9, 15, tzinfo=timezone.utc)  # the newest post in the fixtures is 2025-09-14
TIME_KEYS = ("taken_at", "taken_at_timestamp", "taken_at_ts", "timestamp")


def credential(source: str, *, handle: str = ""):
    return credential_upsert(source=source, credentials=SECRETS.get(source, RAPIDAPI), handle=handle)[0]


def run_flow(flow: str, params: dict) -> ScrapeRequestLog:
    """Submit as a client would, claim as a worker would, run, and return the task as stored."""
    submitted, _ = submit(flow, params)
    task = claim.claim_next(queue="instagram", worker="t")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task


def resume_point(token: str) -> tuple[str, str]:
    """(source, the source's own cursor) inside a signed resume cursor Beat handed out."""
    opened = read_cursor(token)
    return opened.source, opened.position


def signed_cursor(operation: str, key: str, source: str, position: str) -> str:
    """A resume cursor as Beat hands them out (a client can only send back one of these)."""
    return sign_cursor(f"instagram.{operation}", key=key, source=source, position=position)


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def recent(name: str, *, days_ago: float = 1):
    """A fixture whose posts were published days_ago before now (their spacing kept), so the 30-day
    windows of the flows see them as recent."""
    shift = datetime.now(timezone.utc) - timedelta(days=days_ago) - FIXTURE_DAY
    return _shift(fixture(name), shift)


def _shift(node, shift: timedelta):
    if isinstance(node, list):
        return [_shift(item, shift) for item in node]
    if not isinstance(node, dict):
        return node
    shifted = {}
    for key, value in node.items():
        if key in TIME_KEYS and isinstance(value, int) and value > 10**9:
            value = value + int(shift.total_seconds())
        elif key in TIME_KEYS and isinstance(value, str) and value[:2] == "20":
            moved = datetime.fromisoformat(value.replace("Z", "+00:00")) + shift
            value = moved.strftime("%Y-%m-%dT%H:%M:%S+0000" if "+0000" in value else "%Y-%m-%dT%H:%M:%SZ")
        shifted[key] = _shift(value, shift)
    return shifted


# --- the walker on its own (pure: pages from a list, no upstream) ---

def pages(*answers):
    """fetch(cursor) serving answers in order; an exception instance is raised instead."""
    served, asked = list(answers), []

    def fetch(cursor):
        asked.append(cursor)
        answer = served.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    fetch.asked = asked
    return fetch


def test_a_walk_follows_cursors_to_the_last_page():
    fetch, stored = pages(Page((1, 2), "c2", True), Page((3,), None, False)), []
    walk = pagination.walk(fetch, stored.extend)
    assert (walk.pages, walk.fetched, walk.stop_reason, walk.partial) == (2, 3, "end", False)
    assert stored == [1, 2, 3] and fetch.asked == [None, "c2"]


def test_a_cursor_seen_before_ends_the_walk_incomplete_with_that_cursor():
    fetch = pages(Page((1,), "a", True), Page((2,), "b", True), Page((3,), "a", True))
    walk = pagination.walk(fetch, lambda items: None)
    assert (walk.stop_reason, walk.partial, walk.next_cursor, walk.pages) == ("cursor_loop", True, "a", 3)


def test_the_resume_cursor_counts_as_seen():
    walk = pagination.walk(pages(Page((1,), "start", True)), lambda items: None, cursor="start")
    assert walk.stop_reason == "cursor_loop"


def test_the_page_cap_ends_the_walk_incomplete_where_it_would_go_on():
    fetch = pages(Page((1,), "b", True), Page((2,), "c", True))
    walk = pagination.walk(fetch, lambda items: None, max_pages=2)
    assert (walk.stop_reason, walk.partial, walk.next_cursor, walk.pages) == ("page_cap", True, "c", 2)


def test_enough_items_is_complete_and_a_cut_page_is_read_again_on_resume():
    stored = []
    walk = pagination.walk(pages(Page((1, 2), "b", True), Page((3, 4), "c", True)), stored.extend, max_items=3)
    assert (walk.stop_reason, walk.partial, walk.next_cursor, stored) == ("limit", False, "b", [1, 2, 3])
    whole = pagination.walk(pages(Page((1, 2), "b", True)), lambda items: None, max_items=2)
    assert (whole.stop_reason, whole.next_cursor) == ("limit", "b")


def test_a_stop_rule_sees_a_page_before_it_is_stored_and_keeps_the_page():
    stored = []
    walk = pagination.walk(pages(Page((1, 2), "b", True)), stored.extend,
                           stop_at=lambda items: "older_than_window" if 2 in items else None)
    assert (walk.stop_reason, walk.partial, stored) == ("older_than_window", False, [1, 2])


def test_the_first_pages_rate_limit_goes_to_the_queue_a_later_one_ends_the_walk_incomplete():
    with pytest.raises(RateLimited):
        pagination.walk(pages(RateLimited("slow", retry_after=30)), lambda items: None)
    walk = pagination.walk(pages(Page((1,), "b", True), RateLimited("slow", retry_after=30)), lambda items: None)
    assert (walk.stop_reason, walk.partial, walk.next_cursor, walk.fetched) == ("rate_limited", True, "b", 1)


def test_a_short_wait_between_pages_is_waited_out():
    fetch = pages(Page((1,), "b", True), RateLimited("budget", retry_after=0.05), Page((2,), None, False))
    walk = pagination.walk(fetch, lambda items: None)
    assert (walk.stop_reason, walk.fetched) == ("end", 2) and fetch.asked == [None, "b", "b"]


def test_an_outage_on_a_later_page_keeps_what_was_stored():
    walk = pagination.walk(pages(Page((1,), "b", True), UpstreamError("503")), lambda items: None)
    assert (walk.stop_reason, walk.partial, walk.next_cursor) == ("upstream_error", True, "b")


def test_page_caps_follow_the_asked_number_of_items():
    assert pagination.page_cap(50) == 6 and pagination.page_cap(2000) == 200 and pagination.page_cap(None) == 200

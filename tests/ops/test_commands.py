import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from beat.management.commands.queue_status import age
from beat.models import ScrapeRequestLog, Status

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_enqueue_prints_the_new_task_id_alone(account):
    out, _ = run("enqueue", "beat_echo", "--params", '{"payload": {"n": 1}}', "--priority", "5",
                 "--account", "acme", "--idempotency-key", "k-1")
    task = ScrapeRequestLog.objects.get()
    assert out == f"{task.pk}\n"
    assert (task.flow, task.status, task.priority, task.account, task.idempotency_key) == \
        ("beat_echo", Status.PENDING, 5, account, "k-1")
    assert task.params["payload"] == {"n": 1}


def test_enqueue_with_a_used_idempotency_key_returns_the_same_task(account):
    first, _ = run("enqueue", "beat_echo", "--idempotency-key", "same")
    again, err = run("enqueue", "beat_echo", "--idempotency-key", "same")
    assert first == again and ScrapeRequestLog.objects.count() == 1
    assert "already has this idempotency key" in err


@pytest.mark.parametrize("args, message", [
    (["beat_echo", "--params", "{not json"], "--params is not valid JSON"),
    (["beat_echo", "--params", '{"sleep_ms": "soon"}'], "sleep_ms: A valid integer is required."),
    (["beat_echo", "--params", "[1, 2]"], "params must be a JSON object"),
    (["no_such_flow"], "No flow named 'no_such_flow'"),
    (["beat_echo", "--account", "nobody"], "No account with slug 'nobody'"),
    (["beat_echo", "--priority", "999999999999"], "priority: must be an integer from 0 to 1000"),
    (["beat_echo", "--priority", "-5"], "priority: must be an integer from 0 to 1000"),
    (["beat_echo", "--params", '{"payload": "a\\u0000b"}'], "params.payload: this value holds a NUL character"),
    (["beat_echo", "--params", '{"payload": "\\ud800"}'], "params.payload: this value holds a lone surrogate"),
    (["beat_echo", "--params", '{"payload": ' + '[' * 500 + ']' * 500 + '}'], "nested deeper than 32 levels"),
])
def test_enqueue_refuses_bad_input_with_a_clear_error_and_creates_nothing(args, message):
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("(", r"\(")):
        run("enqueue", *args)
    assert not ScrapeRequestLog.objects.exists()


def enqueue(*args) -> ScrapeRequestLog:
    out, _ = run("enqueue", *args)
    return ScrapeRequestLog.objects.get(pk=int(out))


def test_run_task_runs_beat_echo_to_complete_and_prints_the_result():
    task = enqueue("beat_echo", "--params", '{"payload": "hello"}')
    out, _ = run("run_task", str(task.pk))
    task.refresh_from_db()
    assert task.status == Status.COMPLETE and task.data["echo"] == "hello" and task.attempts == 1
    assert f"Task #{task.pk} beat_echo attempt 1/3: COMPLETE" in out
    assert json.loads(out.split("result: ", 1)[1]) == task.data


def test_run_task_reports_a_permanent_failure_with_its_error():
    task = enqueue("beat_echo", "--params", '{"fail": "permanent"}')
    out = StringIO()
    with pytest.raises(CommandError, match="did not complete: FAILED"):
        call_command("run_task", str(task.pk), stdout=out)
    assert "asked to fail (permanent)" in out.getvalue()
    assert ScrapeRequestLog.objects.get(pk=task.pk).status == Status.FAILED


def test_run_task_refuses_a_task_that_is_not_pending(make_task):
    task = make_task(status=Status.COMPLETE)
    with pytest.raises(CommandError, match=f"Task #{task.pk} is COMPLETE, not PENDING"):
        run("run_task", str(task.pk))
    running = make_task(status=Status.PROCESSING)
    with pytest.raises(CommandError, match="is PROCESSING, not PENDING"):
        run("run_task", str(running.pk), "--force")


def test_run_task_with_force_requeues_an_ended_task_and_runs_it(make_task):
    task = make_task(status=Status.FAILED, attempts=3, params={"payload": 7},
                     error={"code": "x", "message": "old"})
    with pytest.raises(CommandError, match="--force requeues it first"):
        run("run_task", str(task.pk))
    run("run_task", str(task.pk), "--force")
    task.refresh_from_db()
    assert (task.status, task.attempts, task.error, task.data["echo"]) == (Status.COMPLETE, 1, None, 7)


def test_enqueue_refuses_a_flow_not_built_yet(not_built_flow):
    with pytest.raises(CommandError, match="test_not_built is registered but not built yet"):
        run("enqueue", not_built_flow.name, "--params", '{"store": "x"}')
    assert not ScrapeRequestLog.objects.exists()


@pytest.mark.parametrize("status", [Status.COMPLETE, Status.EXPIRED])
def test_run_task_with_force_requeues_a_complete_or_expired_task_as_the_readme_says(make_task, status):
    task = make_task(status=status, attempts=1, params={"payload": 8}, data={"echo": 1},
                     expires_at=timezone.now() - timezone.timedelta(hours=1))
    run("run_task", str(task.pk), "--force")
    task.refresh_from_db()
    assert (task.status, task.attempts, task.data["echo"], task.expires_at) == (Status.COMPLETE, 1, 8, None)


def test_run_task_says_when_there_is_no_such_task():
    with pytest.raises(CommandError, match="No task #999999"):
        run("run_task", "999999")


def table_rows(out: str) -> dict[str, list[str]]:
    lines = [line.split() for line in out.splitlines() if line and not line.startswith("-")]
    return {cells[0]: cells[1:] for cells in lines[1:]}


def test_queue_status_prints_a_row_per_flow_with_counts_and_oldest_pending_age(make_task):
    now = timezone.now()
    old = make_task(status=Status.PENDING)
    ScrapeRequestLog.objects.filter(pk=old.pk).update(created_at=now - timezone.timedelta(minutes=5, seconds=3))
    make_task(status=Status.PENDING, retry_at=now + timezone.timedelta(minutes=1))
    make_task(status=Status.PROCESSING)
    make_task(status=Status.FAILED)
    make_task(status=Status.COMPLETE)
    make_task(flow="refresh_profile_by_handle", platform="INSTAGRAM", status=Status.COMPLETE)
    out, _ = run("queue_status")
    assert out.splitlines()[0].split() == ["flow", "pending", "ready", "processing", "failed", "complete",
                                           "oldest", "pending"]
    rows = table_rows(out)
    assert rows["beat_echo"][:5] == ["2", "1", "1", "1", "1"]
    assert rows["beat_echo"][5].startswith("5m0")
    assert rows["refresh_profile_by_handle"] == ["0", "0", "0", "0", "1", "-"]
    assert rows["total"] == ["2", "1", "1", "1", "2"]


def test_queue_status_counts_in_one_query(make_task, django_assert_num_queries):
    make_task()
    with django_assert_num_queries(1):
        run("queue_status", "--all")


def test_queue_status_all_lists_flows_that_have_no_tasks():
    rows = table_rows(run("queue_status", "--all")[0])
    assert rows["beat_echo"] == ["0", "0", "0", "0", "0", "-"]


@pytest.mark.parametrize("seconds, shown", [(None, "-"), (12, "12s"), (252, "4m12s"), (3 * 3600 + 300, "3h05m"),
                                            (2 * 86400 + 3 * 3600, "2d03h")])
def test_ages_are_shown_in_two_units(seconds, shown):
    assert age(seconds) == shown

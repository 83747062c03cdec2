"""The one result every flow returns: counts, steps merged, and PARTIAL for work cut short."""
import pytest
from rest_framework import serializers as s

from beat.flows import FlowResult, flow
from beat.flows.params import schema
from beat.models import Status
from beat.queue import claim, runner, services


def walk(stop_reason="end", *, partial=False, fetched=0, created=0, shortcodes=()):
    result = FlowResult(source="src", pages=1).count(fetched=fetched, created=created)
    return result.change("shortcodes", shortcodes).stop(stop_reason, partial=partial)


@flow("test_two_steps", params=schema("TwoStepsParams", cut=s.BooleanField(default=False)), platform="BEAT",
      timeout=10)
def two_steps(ctx, *, cut=False):
    """A profile-like flow: posts, then reels (cut short when asked)."""
    result = FlowResult(source="src", pages=1, state="ok", extra={"profile_id": "1"})
    result.add_step("posts", walk(fetched=2, created=2, shortcodes=["a", "b"]))
    return result.add_step("reels", walk("rate_limited" if cut else "end", partial=cut, fetched=1,
                                         shortcodes=["b"]))


def test_steps_add_up_their_counts_pages_and_changed_ids_without_repeats():
    result = FlowResult(pages=1).add_step("posts", walk(fetched=2, created=2, shortcodes=["a", "b"]))
    result.add_step("reels", walk(fetched=1, shortcodes=["b", "c"]))
    data = result.as_dict()
    assert (data["fetched"], data["created"], data["pages"]) == (3, 2, 3)
    assert data["changed"] == {"shortcodes": ["a", "b", "c"]} and data["stop_reason"] == "end"
    assert set(data["steps"]) == {"posts", "reels"} and "partial" not in data


def test_a_step_cut_short_makes_the_whole_result_partial_naming_the_step():
    result = FlowResult().add_step("posts", walk("reached_stored"))
    result.add_step("reels", walk("rate_limited", partial=True))
    assert (result.partial, result.stop_reason) == (True, "reels: rate_limited")
    assert result.as_dict()["partial"] is True


def test_ids_made_of_several_parts_are_kept_once_as_lists():
    result = FlowResult().change("activities", [("sc", "like", "1"), ("sc", "like", "1"), ("sc", "like", "2")])
    assert result.as_dict()["changed"] == {"activities": [["sc", "like", "1"], ["sc", "like", "2"]]}


@pytest.mark.django_db
@pytest.mark.parametrize("cut,status", [(False, Status.COMPLETE), (True, Status.PARTIAL)])
def test_a_flow_result_becomes_the_task_data_and_a_partial_one_ends_the_task_partial(cut, status):
    task, _ = services.submit("test_two_steps", {"cut": cut})
    claimed = claim.claim_next(queue="default", worker="test:1")
    assert claimed.pk == task.pk and runner.run(claimed) == status
    task.refresh_from_db()
    assert (task.status, task.data["fetched"], task.data["profile_id"]) == (status, 3, "1")
    assert task.data["changed"]["shortcodes"] == ["a", "b"]
    assert task.data["stop_reason"] == ("reels: rate_limited" if cut else "end")

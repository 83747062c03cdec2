import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from beat.errors import NoProvider, RateLimited
from credentials import manager
from credentials.models import Credential, State


def test_picks_rotate_over_the_credentials_least_recently_used_first(make_credential):
    ids = [make_credential().id for _ in range(3)]
    picked = [manager.pick("rapidapi-jotucker").id for _ in range(6)]
    assert picked == ids + ids


def test_a_pick_hands_over_the_secret_as_a_value_and_never_prints_it(make_credential):
    row = make_credential(credentials={"X-RapidAPI-Key": "rk-0123456789abcdefWXYZ"})
    lease = manager.pick("rapidapi-jotucker")
    assert lease.secret == {"X-RapidAPI-Key": "rk-0123456789abcdefWXYZ"}
    assert lease.id == row.id
    assert "0123456789abcdef" not in repr(lease)


def test_a_pick_skips_excluded_cooling_attention_and_disabled_credentials(make_credential):
    usable, cooling, attention, disabled, excluded = (make_credential() for _ in range(5))
    manager.cool_down(cooling.id, 600, "429")
    manager.needs_attention(attention.id, "token refused")
    manager.disable(disabled.id)
    for _ in range(3):
        assert manager.pick("rapidapi-jotucker", exclude=[excluded.id]).id == usable.id


def test_a_cooled_down_credential_is_picked_again_once_its_cooling_until_has_passed(make_credential):
    row = make_credential()
    manager.cool_down(row.id, 600, "429 from upstream")
    with pytest.raises(RateLimited) as error:
        manager.pick("rapidapi-jotucker")
    assert 590 < error.value.retry_after <= 600
    Credential.objects.filter(id=row.id).update(cooling_until=timezone.now() - timedelta(seconds=1))
    assert manager.pick("rapidapi-jotucker").id == row.id
    row.refresh_from_db()
    assert (row.state, row.cooling_until, row.state_reason) == (State.ACTIVE, None, "")


def test_a_cool_down_without_retry_after_lasts_the_fastapi_beats_hour(make_credential):
    row = make_credential()
    manager.cool_down(row.id)
    row.refresh_from_db()
    assert row.state == State.COOLING
    assert timedelta(seconds=3590) < row.cooling_until - timezone.now() <= timedelta(seconds=3600)


def test_a_short_cool_down_never_shortens_a_longer_one(make_credential):
    row = make_credential()
    manager.cool_down(row.id, 3000)
    manager.cool_down(row.id, 10)
    row.refresh_from_db()
    assert row.cooling_until - timezone.now() > timedelta(seconds=2900)
    assert row.error_count == 2


def test_a_cool_down_never_revives_a_credential_that_needs_attention(make_credential):
    row = make_credential()
    manager.needs_attention(row.id, "missing scope instagram_manage_insights")
    manager.cool_down(row.id, 10)
    row.refresh_from_db()
    assert (row.state, row.state_reason) == (State.NEEDS_ATTENTION, "missing scope instagram_manage_insights")


def test_with_no_credential_of_the_source_a_pick_raises_no_provider(make_credential):
    make_credential("rapidapi-arraybobo")
    with pytest.raises(NoProvider):
        manager.pick("rapidapi-jotucker")


def test_graph_insights_use_the_handles_own_token(make_credential):
    make_credential("graphapi", {"token": "EAAB-other-0000000000", "user_id": "1"}, handle="someone")
    own = make_credential("graphapi", {"token": "EAAB-nasa-00000000000", "user_id": "2"}, handle="nasa")
    for _ in range(3):
        assert manager.pick("graphapi", handle="NASA").id == own.id
    with pytest.raises(NoProvider):
        manager.pick("graphapi", handle="nobody")


def test_success_and_error_counts_are_kept(make_credential):
    row = make_credential()
    manager.record_success(row.id)
    manager.record_success(row.id)
    manager.record_error(row.id)
    row.refresh_from_db()
    assert (row.success_count, row.error_count) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_spread_their_picks_over_the_credentials(make_credential):
    ids = {make_credential().id for _ in range(4)}
    picks, errors = Counter(), []
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(5):
                picks[manager.pick("rapidapi-jotucker").id] += 1
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(picks) == ids and sum(picks.values()) == 40
    assert min(picks.values()) >= 6, picks  # 10 each when perfectly fair

"""Fixtures of the Instagram tests (the fake upstream pointed at every Instagram source is
tests/instagram/upstream.py): for the API tests the refresh flows' stand-in with a worker thread running them."""
from contextlib import ExitStack

import pytest

from beat.flows.registry import stand_in
from tests.accounts.factories import key_client, new_key
from tests.instagram.stand_ins import FakeInstagram, worker_thread


@pytest.fixture
def fake_instagram():
    """The refresh flows stood in for by a FakeInstagram (stand_ins.py): the API tests' upstream."""
    fake = FakeInstagram()
    with ExitStack() as stack:
        for name, func in fake.stand_ins().items():
            stack.enter_context(stand_in(name, func))
        yield fake


@pytest.fixture
def worker(transactional_db, fake_instagram, settings):
    """A worker thread running the refresh tasks as they come (the view waits on their rows)."""
    settings.BEAT_API_REFRESH_WAIT = 15
    with worker_thread():
        yield fake_instagram


@pytest.fixture
def api(account):
    """An APIClient with a key of the 'acme' account."""
    return key_client(new_key(account)[1])

import pytest

from accounts.models import Account
from beat.models import ScrapeRequestLog, Status


@pytest.fixture
def make_task(db):
    """A task row in a given state, written directly (the states workers would leave)."""

    def make(flow="beat_echo", status=Status.PENDING, **fields):
        fields.setdefault("platform", "BEAT")
        return ScrapeRequestLog.objects.create(flow=flow, status=status, **fields)

    return make


@pytest.fixture
def account(db):
    return Account.objects.create(slug="acme", name="Acme")

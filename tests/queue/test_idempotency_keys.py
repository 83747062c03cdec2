"""Idempotency keys are unique per account in the database itself, not only in services.submit."""
import pytest
from django.db import IntegrityError, transaction

from accounts.models import Account
from beat.models import ScrapeRequestLog

pytestmark = pytest.mark.django_db


def row(account=None, key="k"):
    return ScrapeRequestLog.objects.create(flow="beat_echo", platform="BEAT", account=account, idempotency_key=key)


def test_the_same_key_twice_in_one_account_is_refused_by_the_database():
    acme = Account.objects.create(slug="acme")
    row(acme)
    with pytest.raises(IntegrityError), transaction.atomic():
        row(acme)


def test_the_same_key_in_two_accounts_is_two_tasks():
    row(Account.objects.create(slug="a"))
    row(Account.objects.create(slug="b"))
    assert ScrapeRequestLog.objects.filter(idempotency_key="k").count() == 2


def test_tasks_of_no_account_share_one_key_space():
    row(None)
    with pytest.raises(IntegrityError), transaction.atomic():
        row(None)


def test_tasks_without_a_key_are_never_in_conflict():
    acme = Account.objects.create(slug="acme")
    row(acme, key=None), row(acme, key=None), row(None, key=None), row(None, key=None)
    assert ScrapeRequestLog.objects.filter(idempotency_key__isnull=True).count() == 4

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Account, AccountAPIKey
from tests.accounts.factories import AccountFactory, key_client

pytestmark = pytest.mark.django_db


def _run(*args) -> list[str]:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_creates_the_account_and_prints_a_working_key_alone_on_the_last_line():
    lines = _run("newco")
    key = lines[-1]
    assert " " not in key and "." in key
    assert Account.objects.filter(slug="newco").exists()
    response = key_client(key).get("/list_scrape_data/newco")
    assert response.status_code == 200
    assert key not in "\n".join(lines[:-1])  # shown once


def test_it_adds_a_key_to_an_existing_account():
    AccountFactory(slug="acme", name="Acme Inc")
    _run("acme", "--name", "ci")
    _run("acme", "--can-manage-tokens")
    keys = AccountAPIKey.objects.filter(account__slug="acme").order_by("created")
    assert [(k.name, k.can_manage_tokens) for k in keys] == [("ci", False), ("command line", True)]
    assert Account.objects.get(slug="acme").name == "Acme Inc"


@pytest.mark.parametrize("args", [("not a slug",), ("acme", "--name", "x" * 51)])
def test_bad_arguments_are_a_clear_error(args):
    with pytest.raises(CommandError):
        _run(*args)
    assert not AccountAPIKey.objects.exists()

import re

import pytest

from accounts.models import Account, AccountAPIKey
from tests.accounts.factories import key_client, new_key

pytestmark = pytest.mark.django_db


def test_the_account_pages_list_accounts_and_their_keys(admin_client, account):
    new_key(account, name="billing")
    assert b"acme" in admin_client.get("/admin/accounts/account/").content
    page = admin_client.get(f"/admin/accounts/account/{account.pk}/change/")
    assert page.status_code == 200
    assert b"billing" in page.content
    assert b"billing" in admin_client.get("/admin/accounts/accountapikey/").content


def test_a_key_added_in_the_admin_is_shown_once_and_works(admin_client, account):
    response = admin_client.post("/admin/accounts/accountapikey/add/",
                                 {"name": "from admin", "account": account.pk}, follow=True)
    assert response.status_code == 200
    key = re.search(r"The API key for from admin is: (\S+)\. ", response.content.decode()).group(1)
    assert AccountAPIKey.objects.get(name="from admin").account == account
    assert key_client(key).get("/list_scrape_data/acme").status_code == 200
    assert key not in admin_client.get("/admin/accounts/accountapikey/").content.decode()


def test_an_invalid_request_rate_is_refused_in_the_admin(admin_client):
    response = admin_client.post("/admin/accounts/account/add/",
                                 {"slug": "rated", "name": "", "is_active": "on", "request_rate": "lots",
                                  "api_keys-TOTAL_FORMS": "0", "api_keys-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert b"e.g. 600/m" in response.content
    assert not Account.objects.filter(slug="rated").exists()

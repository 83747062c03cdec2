"""The admin opens only to staff, its forms need Django's CSRF token, and production runs without
DEBUG (check --deploy's cleanliness is tests/security/test_secrets.py's)."""
from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.models import Account
from tests.accounts.factories import AccountFactory, new_key
from tests.security.test_secrets import any_key, beat

pytestmark = pytest.mark.django_db

PAGES = ["/admin/", "/admin/dashboard/", "/admin/beat/scraperequestlog/", "/admin/credentials/credential/",
         "/admin/accounts/account/", "/admin/accounts/account/add/", "/admin/beat/scraperequestlog/flows/"]
LOGIN = "/admin/login/"


def refused(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(page):
    assert refused(Client().get(page))


@pytest.mark.parametrize("page", PAGES)
def test_a_logged_in_user_who_is_not_staff_is_sent_to_the_login_page(page, django_user_model):
    browser = Client()
    browser.force_login(django_user_model.objects.create_user("plain", password="pw-for-tests-only"))
    assert refused(browser.get(page))


@pytest.mark.parametrize("page", PAGES)
def test_an_api_key_opens_no_admin_page(page):
    key = new_key(AccountFactory(slug="acme"))[1]
    assert refused(Client().get(page, HTTP_AUTHORIZATION=f"Api-Key {key}"))


def test_a_staff_member_may_open_the_admin(django_user_model):
    browser = Client()
    browser.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    for page in PAGES:
        assert browser.get(page).status_code == 200, page


@pytest.fixture
def guarded_admin(django_user_model):
    """A superuser's browser that, like a real one, must send the CSRF token with each form."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_superuser("root", password="pw-for-tests-only"))
    return browser


class FormFields(HTMLParser):
    """The values a browser would send from a page's form: its inputs (checked boxes only)."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[attrs["name"]] = attrs.get("value") or ""


def form_of(browser, page) -> dict:
    parser = FormFields()
    parser.feed(browser.get(page).content.decode())
    return parser.values


def test_an_admin_form_posted_without_the_csrf_token_is_refused_and_changes_nothing(guarded_admin):
    answer = guarded_admin.post("/admin/accounts/account/add/", {"slug": "forged", "name": "Forged"})
    assert answer.status_code == 403
    assert not Account.objects.filter(slug="forged").exists()


def test_an_admin_action_posted_without_the_csrf_token_is_refused(guarded_admin):
    account = AccountFactory(slug="acme")
    answer = guarded_admin.post("/admin/accounts/account/", {"action": "delete_selected", "_selected_action": [account.pk],
                                                             "post": "yes"})
    assert answer.status_code == 403
    assert Account.objects.filter(pk=account.pk).exists()


def test_the_same_admin_form_with_its_csrf_token_is_accepted(guarded_admin):
    data = form_of(guarded_admin, "/admin/accounts/account/add/")
    assert data["csrfmiddlewaretoken"]
    answer = guarded_admin.post("/admin/accounts/account/add/", {**data, "slug": "real", "name": "Real"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Account.objects.filter(slug="real").exists()


def test_the_login_form_needs_the_csrf_token_too(django_user_model):
    django_user_model.objects.create_superuser("root", password="pw-for-tests-only")
    answer = Client(enforce_csrf_checks=True).post(LOGIN, {"username": "root", "password": "pw-for-tests-only"})
    assert answer.status_code == 403


def test_production_settings_run_without_debug(tmp_path):
    done = beat("manage.py", "shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
                tmp_path=tmp_path, DJANGO_SECRET_KEY="prod-" + "k3y-Xq9!" * 8,
                BEAT_CREDENTIALS_KEYS=any_key(),
                DJANGO_ALLOWED_HOSTS="beat.example.com")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"

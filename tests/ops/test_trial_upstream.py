"""The README's trial: Beat refreshes @nasa against tests.trial_upstream with a key stored by POST /tokens."""
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from beat.models import Status
from beat.queue import claim, runner
from instagram.models import InstagramAccount
from tests.trial_upstream import SOURCES, trial_upstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(settings):
    fake = trial_upstream()
    for name in SOURCES:
        setattr(settings, name, fake.url)
    yield fake
    fake.stop()


def test_the_readme_trial_refreshes_a_profile_against_the_trial_upstream(trial):
    out = StringIO()
    call_command("create_api_key", "trial", "--can-manage-tokens", stdout=out)
    secret = out.getvalue().splitlines()[-1]
    client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    for source in ("rapidapi-arraybobo", "rapidapi-jotucker"):
        stored = client.post("/tokens", {"source": source, "credentials": {"X-RapidAPI-Key": f"trial-{source}"}},
                             format="json")
        assert stored.status_code in (200, 201), stored.content
    answer = client.post("/scrape_request_log/flow/refresh_profile_by_handle", {"params": {"handle": "nasa"}},
                         format="json")
    assert answer.status_code == 201, answer.content
    task = claim.claim_next(queue="instagram", worker="trial")  # what `make run`'s worker does
    runner.run(task)
    done = client.get(f"/scrape_request_log/flow/{answer.json()['scrape_id']}").json()
    assert done["status"] == Status.COMPLETE, done
    assert InstagramAccount.objects.get(handle="nasa").followers == 97831245
    assert {r.path for r in trial.calls()} >= {"/ig/info_username/", "/medias_v2"}

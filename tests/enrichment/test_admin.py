"""Enrichment admin pages: GPT answers and comment sentiment are shown, collections are managed, their
shares shown, and the report action creates a task."""
import pytest
from django.urls import reverse

from beat.models import ScrapeRequestLog
from enrichment.models import CommentSentiment, GptProfileData, PostCollection
from tests.accounts.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    found = PostCollection.objects.create(account=AccountFactory(slug="acme"), name="Spring launch")
    found.items.create(shortcode="DAx1")
    found.items.create(shortcode="DAx2")
    for comment_id, sentiment in (("c1", "positive"), ("c2", "positive"), ("c3", "negative")):
        CommentSentiment.objects.create(platform="INSTAGRAM", shortcode="DAx1", comment_id=comment_id,
                                        comment="text", sentiment=sentiment, score=0.5, scorer="vader")
    return found


def test_gpt_answers_are_listed_and_shown(admin_client):
    row = GptProfileData.objects.create(handle="nasa", kind="audience_cities", prompt_version="v1", model="m",
                                        data={"handle": "nasa", "audience": {"cities": {"Houston": 1.0}}})
    listed = admin_client.get(reverse("admin:enrichment_gptprofiledata_changelist") + "?kind=audience_cities")
    assert list(listed.context["cl"].result_list) == [row]
    page = admin_client.get(reverse("admin:enrichment_gptprofiledata_change", args=[row.pk]))
    assert page.status_code == 200 and "Houston" in page.content.decode()


def test_comment_sentiment_is_listed_by_label(admin_client, collection):
    listed = admin_client.get(reverse("admin:enrichment_commentsentiment_changelist") + "?sentiment=negative")
    assert [row.comment_id for row in listed.context["cl"].result_list] == ["c3"]


def test_a_collection_page_shows_its_shares_overall_and_by_post(admin_client, collection):
    page = admin_client.get(reverse("admin:enrichment_postcollection_change", args=[collection.pk])).content.decode()
    assert "3 comments: 67% positive, 0% neutral, 33% negative" in page
    assert "DAx2: 0 comments: - positive" in page


def test_a_collection_is_created_with_its_posts_in_the_admin(admin_client):
    account = AccountFactory(slug="acme")
    response = admin_client.post(reverse("admin:enrichment_postcollection_add"), {
        "name": "Made here", "account": account.pk, "platform": "INSTAGRAM",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000", "items-0-shortcode": "DAx7"})
    assert response.status_code == 302
    assert list(PostCollection.objects.get(name="Made here").items.values_list("shortcode", flat=True)) == ["DAx7"]


def test_the_report_action_submits_a_task(admin_client, collection):
    admin_client.post(reverse("admin:enrichment_postcollection_changelist"),
                      {"action": "write_sentiment_report", "_selected_action": [str(collection.pk)]})
    task = ScrapeRequestLog.objects.get()
    assert task.flow == "fetch_sentiment_report" and task.params["collectionId"] == str(collection.pk)


def test_the_sentiment_list_shows_the_shares_of_a_searched_post(admin_client, collection):
    CommentSentiment.objects.create(platform="INSTAGRAM", shortcode="DAx2", comment_id="c9", comment="meh",
                                    sentiment="neutral", score=0, scorer="vader")
    page = admin_client.get(reverse("admin:enrichment_commentsentiment_changelist") + "?q=DAx1").content.decode()
    assert "3 comments: 67% positive, 0% neutral, 33% negative" in page

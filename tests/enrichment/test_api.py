"""Post collections through the API (each account sees its own), sentiment shares, and the profile
answer's GPT data."""
import pytest

from enrichment.models import CommentSentiment, GptProfileData, PostCollection
from tests.accounts.factories import AccountFactory, key_client
from tests.instagram.stand_ins import stored_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(key):
    return key_client(key)


def scored(shortcode, comment_id, sentiment):
    CommentSentiment.objects.create(platform="INSTAGRAM", shortcode=shortcode, comment_id=comment_id,
                                    sentiment=sentiment, score=0.5, scorer="vader")


def test_a_client_creates_a_collection_and_reads_its_sentiment(api):
    created = api.post("/post_collections", {"name": "Spring launch", "shortcodes": ["DAx1", "DAx2", "DAx1"]},
                       format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["account"] == "acme" and body["shortcodes"] == ["DAx1", "DAx2"]
    scored("DAx1", "c1", "positive")
    scored("DAx1", "c2", "negative")
    scored("DAx9", "c3", "negative")  # not in the collection
    detail = api.get(f"/post_collections/{body['id']}").json()
    assert detail["sentiment"] == {"comments": 2, "positive": 0.5, "neutral": 0.0, "negative": 0.5}
    assert detail["sentiment_by_post"]["DAx2"] == {"comments": 0, "positive": None, "neutral": None,
                                                   "negative": None}


def test_posts_are_added_and_removed(api):
    collection_id = api.post("/post_collections", {"name": "C"}, format="json").json()["id"]
    assert api.post(f"/post_collections/{collection_id}/posts", {"shortcodes": "DAx1,DAx2"},
                    format="json").json()["shortcodes"] == ["DAx1", "DAx2"]
    assert api.delete(f"/post_collections/{collection_id}/posts/DAx1").status_code == 204
    assert api.delete(f"/post_collections/{collection_id}/posts/DAx1").status_code == 404
    assert list(PostCollection.objects.get().items.values_list("shortcode", flat=True)) == ["DAx2"]


def test_another_accounts_collection_is_not_there(api, client_of):
    other = AccountFactory(slug="other")
    theirs = client_of(other).post("/post_collections", {"name": "Theirs"}, format="json").json()["id"]
    assert api.get(f"/post_collections/{theirs}").status_code == 404
    assert api.delete(f"/post_collections/{theirs}").status_code == 404
    assert api.post(f"/post_collections/{theirs}/posts", {"shortcodes": ["X"]}, format="json").status_code == 404
    assert api.get("/post_collections").json()["data"] == []
    refused = api.post("/post_collections", {"name": "Sneaky", "account": "other"}, format="json")
    assert refused.status_code == 403 and "error" in refused.json()


def test_bad_input_is_a_400_with_field_errors(api):
    response = api.post("/post_collections", {"name": "", "shortcodes": ["bad code!"]}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"name", "shortcodes"}
    api.post("/post_collections", {"name": "Twice"}, format="json")
    assert api.post("/post_collections", {"name": "Twice"}, format="json").status_code == 400


def test_staff_with_the_collection_permissions_manage_any_accounts_collections(django_user_model, account):
    from tests.accounts.factories import OPERATOR_PERMISSIONS, staff_client

    perms = (*OPERATOR_PERMISSIONS, "enrichment.view_postcollection", "enrichment.add_postcollection",
             "enrichment.delete_postcollection")
    ops = staff_client(django_user_model, "collections-ops", perms)
    response = ops.post("/post_collections", {"name": "Ops", "account": "acme"}, format="json")
    assert response.status_code == 201 and response.json()["account"] == "acme"
    assert ops.post("/post_collections", {"name": "Nobody"}, format="json").status_code == 403
    assert ops.get(f"/post_collections/{response.json()['id']}").status_code == 200
    # the task permissions alone open no collection
    plain = staff_client(django_user_model, "task-ops")
    assert plain.post("/post_collections", {"name": "No", "account": "acme"}, format="json").status_code == 403
    assert plain.get(f"/post_collections/{response.json()['id']}").status_code == 404
    assert plain.get("/post_collections").json()["data"] == []
    assert ops.delete(f"/post_collections/{response.json()['id']}").status_code == 204


def test_post_and_profile_sentiment_shares(api):
    from instagram.models import InstagramPost

    InstagramPost.objects.create(shortcode="DAx1", profile_id="528817150")
    scored("DAx1", "c1", "positive")
    scored("DAx1", "c2", "neutral")
    assert api.get("/sentiment/instagram/posts/DAx1").json()["data"] == {
        "comments": 2, "positive": 0.5, "neutral": 0.5, "negative": 0.0}
    assert api.get("/sentiment/INSTAGRAM/profiles/528817150").json()["data"]["comments"] == 2
    assert api.get("/sentiment/INSTAGRAM/posts/none").json()["data"]["positive"] is None
    assert api.get("/sentiment/tiktok/posts/DAx1").status_code == 404
    assert key_client("bad.key").get("/sentiment/INSTAGRAM/posts/DAx1").status_code == 401


def test_the_full_profile_answer_shows_its_gpt_data(api):
    stored_profile()
    GptProfileData.objects.create(handle="nasa", kind="base_gender", data={"handle": "nasa", "gender": "brand"},
                                  prompt_version="v1", model="gpt-4o-mini", prompt_tokens=300, completion_tokens=20,
                                  total_tokens=320)
    profile = api.get("/profiles/INSTAGRAM/byhandle/nasa?full_refresh=true").json()["profile"]
    gender = profile["gpt"]["base_gender"]
    assert gender["data"] == {"handle": "nasa", "gender": "brand"}
    assert (gender["prompt_version"], gender["model"], gender["total_tokens"]) == ("v1", "gpt-4o-mini", 320)
    assert api.get("/profiles/INSTAGRAM/byhandle/nasa").json()["profile"]["gpt"] is None  # the cheap answer


def test_listing_collections_costs_the_same_queries_for_one_or_many(api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.post("/post_collections", {"name": "First", "shortcodes": ["A1"]}, format="json")
    with CaptureQueriesContext(connection) as one:
        api.get("/post_collections")
    for n in range(5):
        api.post("/post_collections", {"name": f"More {n}", "shortcodes": ["A1", "A2"]}, format="json")
    with CaptureQueriesContext(connection) as six:
        listed = api.get("/post_collections").json()["data"]
    assert len(listed) == 6 and len(six) == len(one)

"""Sentiment: VADER on hand-checked comments, sentiment_extraction over post_activity_log_bulk
payloads, the model service, collection reports in Parquet, and the shares."""
import pytest

from beat.models import Status
from beat.models_events import OutboxEvent
from enrichment.models import CommentSentiment, PostCollection
from enrichment.reports import read_parquet
from enrichment.sentiment.scorers import vader
from enrichment.selectors import collection_shares, post_shares, profile_shares, shares_by_post
from tests.enrichment.conftest import run_flow


@pytest.mark.parametrize("text, sentiment", [
    ("I love this!", "positive"),
    ("LOVE IT!!!", "positive"),
    ("This is not good", "negative"),  # negation turns "good" around
    ("I do not love it", "negative"),
    ("not bad at all", "positive"),
    ("😍😍🔥", "positive"),  # emoji alone
    ("terrible 👎", "negative"),
    ("awesome ❤️", "positive"),
    ("Where did you buy this?", "neutral"),
    ("Esto es horrible", "negative"),  # a word VADER knows in any language
    ("Me encanta, es precioso", "neutral"),  # Spanish praise: no word VADER knows, so no guess
    ("बहुत अच्छा", "neutral"),  # Hindi: likewise
    ("", "neutral"),
])
def test_vader_labels_hand_checked_comments(text, sentiment):
    assert vader(text).sentiment == sentiment


def test_vader_scores_are_its_compound_between_minus_one_and_one():
    assert 0.6 < vader("I love this!").score <= 1
    assert -1 <= vader("This is not good").score < -0.3


def fastapi_item(shortcode, comment_id, text, actor="111", keywords="", kind="comment"):
    """One post_activity_log row as the FastAPI Beat published it."""
    return {"activity_type": kind, "platform": "INSTAGRAM", "platform_post_id": shortcode, "actor_profile_id": actor,
            "source": "lama", "metrics": [{"key": "likes", "value": 2}],
            "dimensions": [{"key": "comment_id", "value": comment_id}, {"key": "text", "value": text},
                           {"key": "keywords", "value": keywords}]}


PAYLOAD = {"platform": "INSTAGRAM", "activity_type": "comment", "post_activity_logs": [
    fastapi_item("DAx1", "c1", "I love this! 😍", keywords="love"),
    fastapi_item("DAx1", "c2", "This is not good"),
    fastapi_item("DAx1", "c3", "Where did you buy this?"),
    fastapi_item("DAx2", "c4", "awesome ❤️"),
    fastapi_item("DAx2", "l1", "", kind="like"),
]}


@pytest.mark.django_db
def test_sentiment_extraction_stores_a_label_and_score_per_comment_and_skips_likes():
    task = run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    assert task.status == Status.COMPLETE, task.error
    stored = {row.comment_id: row for row in CommentSentiment.objects.all()}
    assert {k: row.sentiment for k, row in stored.items()} == {"c1": "positive", "c2": "negative", "c3": "neutral",
                                                                "c4": "positive"}
    assert stored["c1"].keywords == ["love"] and stored["c1"].actor_profile_id == "111"
    assert stored["c1"].scorer == "vader" and stored["c2"].score < 0
    assert task.data["skipped"] == 1 and task.data["sentiments"] == {"positive": 2, "neutral": 1, "negative": 1}
    events = OutboxEvent.objects.filter(routing_key="sentiment_log_events")
    assert sorted((e.payload["comment_id"], e.payload["sentiment"]) for e in events) == [
        ("c1", "positive"), ("c2", "negative"), ("c3", "neutral"), ("c4", "positive")]


@pytest.mark.django_db
def test_running_the_same_payload_twice_leaves_the_same_rows():
    run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    first = list(CommentSentiment.objects.order_by("comment_id").values("comment_id", "sentiment", "score"))
    run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    assert list(CommentSentiment.objects.order_by("comment_id").values("comment_id", "sentiment", "score")) == first


@pytest.mark.django_db
def test_beats_own_activity_rows_are_read_too():
    payload = {"platform": "INSTAGRAM", "activity_type": "comment", "post_activity_logs": [
        {"shortcode": "DAx9", "comment_id": "c9", "text": "not bad at all", "keywords": ["bad"]}]}
    assert run_flow("sentiment_extraction", payload, queue="messages").status == Status.COMPLETE
    assert CommentSentiment.objects.get(comment_id="c9").sentiment == "positive"


@pytest.mark.django_db
def test_the_model_service_scores_when_configured(fake_upstream, settings):
    settings.BEAT_MODEL_SERVICE_URL = fake_upstream.url
    fake_upstream.route("POST", "/sentiment", body={"results": [
        {"label": "positive", "score": 0.91}, {"label": "negative", "score": 0.8}, {"label": "neutral", "score": 0.5},
        {"label": "positive", "score": 0.7}]})
    task = run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    assert task.status == Status.COMPLETE, task.error
    assert fake_upstream.calls("POST", "/sentiment")[0].json == {
        "texts": ["I love this! 😍", "This is not good", "Where did you buy this?", "awesome ❤️"]}
    assert CommentSentiment.objects.get(comment_id="c1").scorer == "model"
    assert CommentSentiment.objects.get(comment_id="c2").score == 0.8


@pytest.mark.django_db
def test_an_unreadable_model_service_answer_stores_nothing(fake_upstream, settings):
    settings.BEAT_MODEL_SERVICE_URL = fake_upstream.url
    fake_upstream.route("POST", "/sentiment", body={"results": [{"label": "happy", "score": 1}]})
    task = run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    assert task.status in (Status.PENDING, Status.FAILED) and task.error["code"] == "bad_response"
    assert not CommentSentiment.objects.exists()


@pytest.fixture
def collection(db):
    from accounts.models import Account

    account = Account.objects.create(slug="acme")
    found = PostCollection.objects.create(account=account, name="Spring launch")
    for code in ("DAx1", "DAx2", "DAx3"):
        found.items.create(shortcode=code)
    return found


@pytest.mark.django_db
def test_shares_per_post_profile_and_collection(collection):
    from instagram.models import InstagramPost

    InstagramPost.objects.create(shortcode="DAx1", profile_id="528817150", post_type="image")
    InstagramPost.objects.create(shortcode="DAx2", profile_id="528817150", post_type="reels")
    run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    assert post_shares("INSTAGRAM", "DAx1") == pytest.approx(
        {"comments": 3, "positive": 1 / 3, "neutral": 1 / 3, "negative": 1 / 3})
    assert profile_shares("528817150") == pytest.approx({"comments": 4, "positive": 0.5, "neutral": 0.25,
                                                         "negative": 0.25})
    assert collection_shares(collection)["comments"] == 4
    by_post = shares_by_post(collection)
    assert by_post["DAx2"]["positive"] == 1.0
    assert by_post["DAx3"] == {"comments": 0, "positive": None, "neutral": None, "negative": None}


@pytest.mark.django_db
def test_a_collections_sentiment_report_is_written_as_parquet(collection, settings, tmp_path):
    from instagram.models import InstagramPost

    settings.MEDIA_ROOT = tmp_path
    InstagramPost.objects.create(shortcode="DAx2", profile_id="528817150", post_type="reels")
    run_flow("sentiment_extraction", PAYLOAD, queue="messages")
    task = run_flow("fetch_sentiment_report", {"collectionType": "POST", "collectionId": str(collection.id)},
                    queue="messages")
    assert task.status == Status.COMPLETE, task.error
    rows = read_parquet(task.data["report_path"])
    assert list(rows[0]) == ["collection_id", "collection_type", "platform", "shortcode", "comment_id", "comment",
                             "keywords", "sentiment", "score", "post_type", "actor_profile_id"]
    assert [(r["shortcode"], r["comment_id"], r["sentiment"]) for r in rows] == [
        ("DAx1", "c1", "positive"), ("DAx1", "c2", "negative"), ("DAx1", "c3", "neutral"), ("DAx2", "c4", "positive")]
    assert rows[0]["keywords"] == "love" and rows[0]["collection_id"] == str(collection.id)
    assert rows[3]["post_type"] == "reels" and rows[0]["post_type"] is None
    assert rows[1]["score"] == round(CommentSentiment.objects.get(comment_id="c2").score, 2)


@pytest.mark.django_db
def test_a_client_cannot_report_on_another_accounts_collection(collection, settings, tmp_path):
    from accounts.models import Account
    from beat.queue import claim, runner
    from beat.queue.services import submit

    settings.MEDIA_ROOT = tmp_path
    other = Account.objects.create(slug="other")
    task, _ = submit("fetch_sentiment_report", {"collectionType": "POST", "collectionId": str(collection.id)},
                     account=other)
    runner.run(claim.claim_next(queue="messages", worker="t"))
    task.refresh_from_db()
    assert task.status == Status.FAILED and task.error["code"] == "not_found"
    assert not list(tmp_path.rglob("*.parquet"))


@pytest.mark.django_db
def test_the_model_service_is_asked_in_batches(fake_upstream, settings, monkeypatch):
    from enrichment.sentiment import scorers

    monkeypatch.setattr(scorers, "BATCH", 3)  # small batches instead of 200 comments
    settings.BEAT_MODEL_SERVICE_URL = fake_upstream.url
    fake_upstream.route("POST", "/sentiment", body={"results": [{"label": "neutral", "score": 0.5}] * 3}).then(
        body={"results": [{"label": "positive", "score": 0.9}]})
    assert run_flow("sentiment_extraction", PAYLOAD, queue="messages").status == Status.COMPLETE
    assert [len(call.json["texts"]) for call in fake_upstream.calls("POST", "/sentiment")] == [3, 1]
    assert CommentSentiment.objects.get(comment_id="c4").sentiment == "positive"

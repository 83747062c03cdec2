"""Event payloads keep the FastAPI Beat's keys (publishing waits for the outbox)."""
from enrichment import events


def test_a_sentiment_log_event_has_the_fastapi_beats_keys():
    payload = events.sentiment_log_event(platform="INSTAGRAM", shortcode="DAx1", comment_id="c1", comment="wow",
                                         sentiment="positive", score=0.6, source="vader")
    assert set(payload) == {"event_id", "source", "platform", "shortcode", "comment_id", "event_timestamp",
                            "comment", "sentiment", "score", "metrics", "dimensions"}


def test_a_profile_log_event_names_the_prompt_version_as_its_source():
    payload = events.profile_log_event(handle="nasa", profile_id=None, source="openapi_v1",
                                       dimensions={"gender": "brand"}, metrics={})
    assert set(payload) == {"event_id", "source", "platform", "profile_id", "handle", "event_timestamp", "metrics",
                            "dimensions"}
    assert payload["profile_id"] == "nasa"  # as the FastAPI Beat: the handle when no id is known


def test_the_report_completions_have_the_fastapi_beats_keys():
    assert set(events.sentiment_report_completion(collection_type="POST", collection_id="x", path="p",
                                                  bucket="b")) == {
        "collectionType", "collectionId", "sentimentReportPath", "sentimentReportBucket"}
    keyword = events.keyword_report_completion(job_id="j", path="p", demographic_path="d", bucket="b")
    assert keyword == {"job_id": "j", "report_asset": {"path": "p", "bucket": "b"},
                       "demographic_report_asset": {"path": "d", "bucket": "b"}}

"""The post_activity_log_bulk payload of a page of comments is what the sentiment pipeline reads."""
from enrichment.sentiment.payload import comments_of
from tests.youtube.kit import fixture
from youtube.events import post_activity_log_bulk
from youtube.parsers import data_api


def test_a_page_of_comments_is_read_back_by_sentiment_extraction():
    page = data_api.parse_comment_threads(fixture("youtube_data/comment_threads.json"))
    payload = post_activity_log_bulk(shortcode="Aa1Bb2Cc3Dd", comments=list(page.items), source="ytapitoken",
                                     task_id=7)
    assert (payload["platform"], payload["activity_type"], payload["scrape_id"]) == ("YOUTUBE", "COMMENT", 7)
    comments, skipped = comments_of(payload["post_activity_logs"], payload["activity_type"])
    assert skipped == 0
    assert [(c.shortcode, c.comment_id, c.actor_profile_id) for c in comments] == [
        ("Aa1Bb2Cc3Dd", "UgxDemoThread0001AaBbCc4AaABAg", "UCdemoAuthorChannel0000001"),
        ("Aa1Bb2Cc3Dd", "UgyDemoThread0002DdEeFf4AaABAg", "UCdemoAuthorChannel0000001")]
    assert comments[0].text == "Can't wait for launch day! 🚀"

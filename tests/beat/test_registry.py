"""Every flow name of DESIGN.md is registered, with its schema, cap and timeout; nothing else is."""
import pytest

from beat.errors import InvalidParams, UnknownFlow
from beat.flows import all_flows, get_flow

DESIGN_FLOWS = """asset_upload_flow, asset_upload_flow_stories, beat_echo, credentials_validate, fetch_ad_vs_organic_csv,
fetch_channel_audience_geography_csv, fetch_channel_daily_stats_csv, fetch_channel_demographic_csv,
fetch_channel_engagement_csv, fetch_channel_monthly_stats_csv, fetch_channel_videos_csv, fetch_channels_csv,
fetch_hashtag_posts, fetch_keyword_collection, fetch_keyword_videos_csv, fetch_playlist_videos_csv,
fetch_post_comments, fetch_post_likes, fetch_profile_followers, fetch_profile_following, fetch_sentiment_report,
fetch_video_details_csv, fetch_yt_post_comments, refresh_instagram_gpt_data_audience_age_gender,
refresh_instagram_gpt_data_audience_cities, refresh_instagram_gpt_data_base_categ_lang_topics,
refresh_instagram_gpt_data_base_gender, refresh_instagram_gpt_data_base_location,
refresh_instagram_gpt_data_gender_location_lang, refresh_orders_by_store, refresh_post_by_shortcode,
refresh_post_insights, refresh_profile_basic, refresh_profile_by_handle, refresh_profile_by_profile_id,
refresh_profile_custom, refresh_profile_insights, refresh_stories_posts, refresh_story_insights,
refresh_story_posts_by_profile_id, refresh_tagged_posts_by_profile_id, refresh_yt_activities, refresh_yt_post_type,
refresh_yt_posts, refresh_yt_posts_by_channel_id, refresh_yt_posts_by_genre, refresh_yt_posts_by_playlist_id,
refresh_yt_posts_by_search, refresh_yt_profile_insights, refresh_yt_profile_relationship, refresh_yt_profiles,
sentiment_extraction, upsert_credential_from_identity"""
NAMES = {name.strip() for name in DESIGN_FLOWS.split(",")}


def test_every_flow_of_the_design_is_registered_and_no_other():
    registered = {f.name for f in all_flows() if not f.name.startswith("test_")}
    assert len(NAMES) == 53
    assert registered == NAMES


def test_the_alias_names_its_flow():
    assert get_flow("fetch_tagged_posts").name == "refresh_tagged_posts_by_profile_id"


@pytest.mark.parametrize("name,cap", [("refresh_profile_by_handle", 50), ("refresh_profile_basic", 25),
                                      ("refresh_profile_custom", 2), ("fetch_profile_followers", 15),
                                      ("asset_upload_flow", 75), ("refresh_yt_profiles", 50),
                                      ("refresh_yt_posts_by_channel_id", 25),
                                      ("refresh_instagram_gpt_data_base_gender", 15),
                                      ("refresh_instagram_gpt_data_gender_location_lang", 25)])
def test_caps_are_the_fastapi_beats_workers_times_concurrency(name, cap):
    assert get_flow(name).concurrency == cap


def test_beat_echo_has_a_30_second_timeout_and_others_default_to_600():
    assert get_flow("beat_echo").timeout == 30
    assert get_flow("refresh_profile_by_handle").timeout == 600


@pytest.mark.parametrize("name,params,field", [
    ("refresh_profile_basic", {}, "profile_id"),
    ("refresh_profile_basic", {"profile_id": "1", "handle": "nasa"}, "profile_id"),
    ("refresh_profile_by_handle", {"handle": "not a handle!"}, "handle"),
    ("fetch_channels_csv", {}, "channel_ids"),
    ("fetch_channel_videos_csv", {"channel_ids": ["UCLA_DiR1FfKNvjuUpBHmylQ"], "start_date": "2026-02-01",
                                  "end_date": "2026-01-01"}, "end_date"),
    ("refresh_orders_by_store", {"store": "https://evil.example/x"}, "store"),
    ("asset_upload_flow", {"entity_type": "POST", "entity_id": "1", "asset_type": "IMAGE",
                           "original_url": "not a url", "platform": "INSTAGRAM"}, "original_url"),
])
def test_bad_params_name_the_field(name, params, field):
    with pytest.raises(InvalidParams) as err:
        get_flow(name).validate(params)
    assert field in err.value.details


def test_list_params_accept_comma_separated_strings():
    clean = get_flow("fetch_channels_csv").validate({"channel_ids": "UCLA_DiR1FfKNvjuUpBHmylQ, UC_x5XG1OV2P6uZZ5FSM9Ttw"})
    assert clean["channel_ids"] == ["UCLA_DiR1FfKNvjuUpBHmylQ", "UC_x5XG1OV2P6uZZ5FSM9Ttw"]


def test_an_unknown_flow_is_an_error():
    with pytest.raises(UnknownFlow):
        get_flow("refresh_everything")

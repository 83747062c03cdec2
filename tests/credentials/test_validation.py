import json
import time

import pytest

from beat.errors import RateLimited
from beat.models_upstream import UpstreamCall
from credentials import manager
from credentials.models import Credential, State
from credentials.validation import validate_credential
from tests.credentials.conftest import GRAPH_TOKEN
from tests.fakeupstream import FIXTURES

DEBUG_TOKEN = "/v21.0/debug_token"
FOUR_SCOPES = ["instagram_basic", "instagram_manage_insights", "pages_show_list", "pages_read_engagement"]


def debug_token(name="debug_token_valid.json", **data_changes) -> dict:
    body = json.loads((FIXTURES / "instagram_graph" / name).read_text())
    body["data"].update(data_changes)
    return body


def in_days(days: float) -> int:
    return int(time.time() + days * 86400)


def test_a_valid_graph_token_is_recorded_with_its_scopes_and_expiry(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, body=debug_token(expires_at=in_days(50), data_access_expires_at=in_days(80)))
    result = validate_credential(graph_credential.id)
    assert result["is_valid"] is True and result["state"] == State.ACTIVE
    assert set(FOUR_SCOPES) <= set(result["scopes"])
    assert result["problems"] == [] and result["masked"] == "EAAB…9f2c"
    asked = graph_upstream.calls("GET", DEBUG_TOKEN)[0]
    assert asked.query["input_token"] == GRAPH_TOKEN
    row = Credential.objects.get(id=graph_credential.id)
    assert row.last_validated_at is not None and row.last_validation["expires_at"] == result["expires_at"]
    assert UpstreamCall.objects.filter(source="graphapi", credential_id=row.id, ok=True).count() == 1
    assert GRAPH_TOKEN not in json.dumps(result)


def test_an_expired_graph_token_needs_attention(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/debug_token_expired.json")
    result = validate_credential(graph_credential.id)
    assert result["is_valid"] is False
    assert result["state"] == State.NEEDS_ATTENTION
    assert "Session has expired" in result["error"]
    assert "Session has expired" in Credential.objects.get(id=graph_credential.id).state_reason


def test_a_valid_token_whose_data_access_expired_needs_attention(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, body=debug_token(expires_at=0, data_access_expires_at=in_days(-1)))
    result = validate_credential(graph_credential.id)
    assert result["is_valid"] is True
    assert result["state"] == State.NEEDS_ATTENTION
    assert "data access expired" in result["state_reason"]


def test_a_token_missing_the_insights_scope_needs_attention(graph_credential, graph_upstream):
    scopes = ["instagram_basic", "pages_show_list", "pages_read_engagement"]
    graph_upstream.route("GET", DEBUG_TOKEN, body=debug_token(scopes=scopes, expires_at=0, data_access_expires_at=in_days(9)))
    result = validate_credential(graph_credential.id)
    assert result["state"] == State.NEEDS_ATTENTION
    assert result["problems"] == ["missing scopes: instagram_manage_insights"]


def test_a_token_graph_refuses_outright_is_invalid(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, status=400, fixture="instagram_graph/error_token_invalid_190.json")
    result = validate_credential(graph_credential.id)
    assert (result["is_valid"], result["state"]) == (False, State.NEEDS_ATTENTION)


def test_a_credential_that_validates_again_is_back_in_rotation(graph_credential, graph_upstream):
    manager.needs_attention(graph_credential.id, "token refused")
    graph_upstream.route("GET", DEBUG_TOKEN, body=debug_token(expires_at=0, data_access_expires_at=in_days(30)))
    assert validate_credential(graph_credential.id)["state"] == State.ACTIVE
    assert manager.pick("graphapi").id == graph_credential.id


def test_a_rate_limited_validation_cools_the_credential_and_asks_to_wait(graph_credential, graph_upstream):
    graph_upstream.route("GET", DEBUG_TOKEN, fixture="instagram_graph/error_rate_limit_app_4.json")
    with pytest.raises(RateLimited):
        validate_credential(graph_credential.id)
    row = Credential.objects.get(id=graph_credential.id)
    assert row.state == State.COOLING and row.last_validated_at is None


def test_a_youtube_key_is_checked_with_a_one_unit_channels_call(make_credential, fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_YOUTUBE_BASE_URL", prefix="/youtube/v3")
    fake_upstream.route("GET", "/youtube/v3/channels", fixture="youtube_data/channels_list.json")
    good = make_credential("ytapitoken", {"key": "AIzaSyGOOD-0123456789abcdef"})
    assert validate_credential(good.id)["is_valid"] is True
    assert fake_upstream.calls()[0].query == {"part": "id", "id": "UCLA_DiR1FfKNvjuUpBHmylQ",
                                              "key": "AIzaSyGOOD-0123456789abcdef"}
    fake_upstream.route("GET", "/youtube/v3/channels", status=400, fixture="youtube_data/error_key_invalid_400.json")
    bad = make_credential("ytapitoken", {"key": "AIzaSyBAD-0123456789abcdef"})
    assert validate_credential(bad.id)["state"] == State.NEEDS_ATTENTION


def test_a_channel_grant_is_checked_by_refreshing_its_access_token(make_credential, fake_upstream, settings):
    settings.BEAT_GOOGLE_OAUTH_BASE_URL = fake_upstream.url
    fake_upstream.route("POST", "/token", body={
        "access_token": "ya29.fresh", "expires_in": 3599, "token_type": "Bearer",
        "scope": "https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly"})
    grant = {"refresh_token": "1//0refresh-token-abcdef", "client_id": "cid.apps.googleusercontent.com",
             "client_secret": "GOCSPX-secret", "channel_id": "UCLA_DiR1FfKNvjuUpBHmylQ"}
    row = make_credential("ytapi", grant)
    result = validate_credential(row.id)
    assert result["is_valid"] is True and result["problems"] == []
    assert b"grant_type=refresh_token" in fake_upstream.calls("POST", "/token")[0].body
    fake_upstream.route("POST", "/token", status=400,
                        body={"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
    assert validate_credential(row.id)["state"] == State.NEEDS_ATTENTION


@pytest.mark.parametrize("source,setting,path", [
    ("rapidapi-jotucker", "BEAT_RAPIDAPI_JOTUCKER_BASE_URL", "/user_info_by_id"),
    ("rapidapi-arraybobo", "BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL", "/ig/info_username/"),
    ("yt-v31", "BEAT_RAPIDAPI_YT_V31_BASE_URL", "/channels"),
])
def test_a_rapidapi_key_is_sent_as_the_fastapi_beat_sent_it(make_credential, fake_upstream, settings, source, setting, path):
    fake_upstream.point(settings, setting)
    fake_upstream.route("GET", path, body={"ok": True})
    row = make_credential(source, {"X-RapidAPI-Key": "rapid-key-0123456789", "X-RapidAPI-Host": "api.example"})
    assert validate_credential(row.id)["is_valid"] is True
    headers = fake_upstream.calls("GET", path)[0].headers
    assert (headers["x-rapidapi-key"], headers["x-rapidapi-host"]) == ("rapid-key-0123456789", "api.example")


def test_a_rapidapi_key_not_subscribed_to_the_api_needs_attention(make_credential, fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    fake_upstream.route("GET", "/user_info_by_id", status=403, fixture="rapidapi/error_403_not_subscribed.json")
    row = make_credential()
    assert validate_credential(row.id)["state"] == State.NEEDS_ATTENTION


def test_lama_rocketapi_shopify_and_openai_keys_are_checked_with_a_cheap_call(make_credential, fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_LAMA_BASE_URL", "BEAT_ROCKETAPI_BASE_URL")
    fake_upstream.point(settings, "OPENAI_BASE_URL", prefix="/v1")
    settings.BEAT_SHOPIFY_BASE_URL = fake_upstream.url + "/{shop}/admin/api/2024-01"
    fake_upstream.route("GET", "/sys/balance", body={"requests": 1000, "amount": 5.0, "currency": "USD"})
    fake_upstream.route("POST", "/instagram/user/get_info", fixture="rapidapi/rocketapi_user_get_info.json")
    fake_upstream.route("GET", "/shop-example.myshopify.com/admin/api/2024-01/shop.json", body={"shop": {"id": 1}})
    fake_upstream.route("GET", "/v1/models", status=401, fixture="openai/error_401_invalid_api_key.json")
    rows = [make_credential("lama", {"x-access-key": "lama-key-0123456789"}),
            make_credential("rocketapi", {"Authorization": "Token rocket-0123456789"}),
            make_credential("shopify", {"X-Shopify-Access-Token": "shpat_0123456789abcdef"}, handle="shop-example.myshopify.com"),
            make_credential("openai", {"key": "sk-wrong-0123456789"})]
    verdicts = [validate_credential(row.id)["is_valid"] for row in rows]
    assert verdicts == [True, True, True, False]
    assert fake_upstream.calls("GET", "/sys/balance")[0].headers["x-access-key"] == "lama-key-0123456789"
    assert fake_upstream.calls("POST", "/instagram/user/get_info")[0].headers["authorization"] == "Token rocket-0123456789"
    assert fake_upstream.calls("GET", "/v1/models")[0].headers["authorization"] == "Bearer sk-wrong-0123456789"


def test_a_validations_grant_counts_from_its_answer_not_a_margin_later(graph_credential, graph_upstream, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {"graphapi": [(1, 0.4, 0.5)]}  # 1 call per 0.4 s, 0.5 s of margin
    graph_upstream.route("GET", DEBUG_TOKEN, body=debug_token(expires_at=in_days(50)))
    validate_credential(graph_credential.id)
    with pytest.raises(RateLimited) as error:
        validate_credential(graph_credential.id)
    assert error.value.retry_after <= 0.4  # a period after the answer; unreported, 0.9 s after the grant

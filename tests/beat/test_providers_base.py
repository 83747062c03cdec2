"""The provider base, through a tiny provider against the fake upstream."""
import json
import subprocess
import sys
import time

import pytest

from beat.errors import BadResponse, FlowTimeout, Misconfigured, RateLimited
from beat.flows.registry import FlowContext
from beat.models_upstream import UpstreamCall
from beat.providers import CAPABILITIES, Provider, RapidAPIProvider, capabilities

pytestmark = pytest.mark.django_db


class TinyScraper(RapidAPIProvider):
    source = "rapidapi-jotucker"
    base_url_setting = "BEAT_RAPIDAPI_JOTUCKER_BASE_URL"
    capabilities = frozenset({capabilities.PROFILE, capabilities.POSTS})

    # Reference: fixtures/README.md section 6 (a made-up endpoint for this test)
    def profile(self, handle: str) -> dict:
        return self.get("/v1/info", {"username_or_id_or_url": handle})


class TinyGraph(Provider):
    source = "graphapi"
    base_url_setting = "BEAT_GRAPHAPI_BASE_URL"
    error_family = "graph"

    def auth_headers(self) -> dict:
        return {}

    def auth_params(self) -> dict:
        return {"access_token": self.credential["token"]}


class TinyShop(Provider):
    source = "shopify"
    base_url_setting = "BEAT_SHOPIFY_BASE_URL"
    error_family = "shopify"


@pytest.fixture
def jotucker(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
    return fake_upstream


def test_a_provider_sends_its_credential_as_headers_and_returns_raw_json(jotucker):
    jotucker.route("GET", "/v1/info", query={"username_or_id_or_url": "nasa"},
                   fixture="rapidapi/instagram_scraper_api2_v1_info.json")
    provider = TinyScraper({"X-RapidAPI-Key": "k-123456"}, credential_id=3, ctx=FlowContext(task_id=9, flow="f"))
    assert provider.profile("nasa")["data"]["username"] == "nasa"
    [received] = jotucker.calls("GET", "/v1/info")
    assert received.headers["x-rapidapi-key"] == "k-123456"
    assert received.headers["x-rapidapi-host"] == jotucker.url.removeprefix("http://")
    row = UpstreamCall.objects.get()
    assert (row.source, row.endpoint, row.credential_id, row.task_id, row.ok) == (
        "rapidapi-jotucker", "/v1/info", 3, 9, True)


def test_a_credentials_own_rapidapi_host_is_kept(jotucker):
    jotucker.route("GET", "/v1/info", body={})
    TinyScraper({"X-RapidAPI-Key": "k-123456", "X-RapidAPI-Host": "instagram-scraper2.p.rapidapi.com"}).profile("x")
    assert jotucker.requests[0].headers["x-rapidapi-host"] == "instagram-scraper2.p.rapidapi.com"


def test_a_provider_uses_its_error_family(jotucker):
    jotucker.route("GET", "/v1/info", fixture="rapidapi/error_429_monthly_quota.json")
    with pytest.raises(RateLimited) as caught:
        TinyScraper({"X-RapidAPI-Key": "k-123456"}).profile("nasa")
    assert caught.value.retry_after == 864000


def test_a_token_provider_authenticates_with_query_params(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    fake_upstream.route("GET", "/v21.0/17841405822304914", fixture="instagram_graph/business_discovery.json")
    answer = TinyGraph({"token": "EAAG-token-1", "user_id": "1784"}).get("/17841405822304914", {"fields": "id"})
    assert answer["id"] == "17841405822304914"
    assert fake_upstream.requests[0].query == {"access_token": "EAAG-token-1", "fields": "id"}
    assert "EAAG-token-1" not in str(UpstreamCall.objects.values().get())


def test_a_shop_base_url_is_filled_with_the_shop_domain(settings):
    settings.BEAT_SHOPIFY_BASE_URL = "https://{shop}/admin/api/2024-01"
    shop = TinyShop({"X-Shopify-Access-Token": "shpat_x"})
    orders = "https://acme.myshopify.com/admin/api/2024-01/orders.json"
    assert shop.url("/orders.json", shop="acme.myshopify.com") == orders
    shop.url_vars = {"shop": "acme.myshopify.com"}
    assert shop.url("orders.json") == orders


def test_a_shop_value_can_never_add_a_path_and_a_missing_one_is_named(settings):
    settings.BEAT_SHOPIFY_BASE_URL = "https://{shop}/admin/api/2024-01"
    with pytest.raises(Misconfigured, match="host name"):
        TinyShop().url("/orders.json", shop="evil.com/steal?x=")
    with pytest.raises(Misconfigured, match="shop"):
        TinyShop().url("/orders.json")


def test_a_next_page_link_is_followed_only_on_the_providers_own_host(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_SHOPIFY_BASE_URL", prefix="/admin/api/2024-01")
    fake_upstream.route("GET", "/admin/api/2024-01/orders.json", query={"page_info": "p2"}, body={"orders": []})
    shop = TinyShop({"X-Shopify-Access-Token": "shpat_x"})
    assert shop.get(fake_upstream.url + "/admin/api/2024-01/orders.json?page_info=p2") == {"orders": []}
    with pytest.raises(BadResponse):
        shop.get("https://elsewhere.example/admin/api/2024-01/orders.json")
    assert len(fake_upstream.requests) == 1


def test_a_provider_stops_before_calling_when_its_flow_is_out_of_time(jotucker):
    ctx = FlowContext(task_id=1, flow="f", deadline=time.monotonic() - 1)
    with pytest.raises(FlowTimeout):
        TinyScraper({"X-RapidAPI-Key": "k"}, ctx=ctx).profile("nasa")
    assert jotucker.requests == []


def test_supports_answers_from_declared_capabilities():
    assert TinyScraper.supports("profile") and not TinyScraper.supports("stories")
    assert {"profile", "posts", "reels", "post", "insights", "stories", "followers", "following", "comments",
            "likers", "hashtag", "tagged"} <= CAPABILITIES


def test_an_unknown_capability_is_refused_when_the_class_is_defined():
    with pytest.raises(TypeError, match="profil"):
        type("Typo", (Provider,), {"source": "x", "base_url_setting": "X", "capabilities": frozenset({"profil"})})


def test_a_provider_never_shows_its_credential():
    provider = TinyScraper({"X-RapidAPI-Key": "very-secret-key"}, credential_id=5)
    assert "very-secret-key" not in repr(provider) and "credential_id=5" in repr(provider)


DEFAULTS = {
    "graphapi": "https://graph.facebook.com/v27.0",
    "lama": "https://api.lamadava.com",
    "rapidapi-jotucker": "https://instagram-scraper2.p.rapidapi.com",
    "rapidapi-arraybobo": "https://instagram-scraper-2022.p.rapidapi.com",
    "rapidapi-neotank": "https://instagram130.p.rapidapi.com",
    "rapidapi-bestsolutions": "https://instagram-api-cheap-best-performance.p.rapidapi.com",
    "rapidapi-igapi": "https://igdata.p.rapidapi.com",
    "rocketapi": "https://v1.rocketapi.io",
    "ytapitoken": "https://www.googleapis.com/youtube/v3",
    "ytapi": "https://youtubeanalytics.googleapis.com/v2",
    "yt-v31": "https://youtube-v31.p.rapidapi.com",
    "rapidapi-yt": "https://youtube138.p.rapidapi.com",
    "rapidapi-yt-search": "https://youtube-v311.p.rapidapi.com",
    "shopify": "https://{shop}/admin/api/2024-01",
    "openai": "https://api.openai.com/v1",
}
_PRINT_URLS = ("import django, json; django.setup(); from django.conf import settings as s; "
               "print(json.dumps([{k: getattr(s, v) for k, v in s.BEAT_BASE_URL_SETTINGS.items()}, s.BEAT_GOOGLE_OAUTH_BASE_URL, s.BEAT_MODEL_SERVICE_URL]))")


def _settings_process(env):
    return subprocess.run([sys.executable, "-c", _PRINT_URLS], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "beat.settings", **env})


def test_with_no_environment_every_base_url_has_its_documented_default(tmp_path):
    result = _settings_process({"BEAT_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    urls, oauth, model_service = json.loads(result.stdout)
    assert (urls, oauth, model_service) == (DEFAULTS, "https://oauth2.googleapis.com", "")


def test_a_base_url_that_is_not_http_is_a_clear_startup_error(tmp_path):
    result = _settings_process({"BEAT_VAR_DIR": str(tmp_path), "BEAT_ROCKETAPI_BASE_URL": "v1.rocketapi.io"})
    assert result.returncode != 0
    assert "BEAT_ROCKETAPI_BASE_URL must be a http or https URL" in result.stderr


def test_a_probe_is_one_cheap_read_and_a_missing_probed_entity_still_proves_the_key(fake_upstream, settings):
    class Probed(TinyScraper):
        probe_request = ("GET", "/users/nasa", {"fields": "id"})

    fake_upstream.point(settings, Probed.base_url_setting)
    fake_upstream.route("GET", "/users/nasa", status=404, body={"message": "no such user"})
    Probed({"X-RapidAPI-Key": "k"}).probe()
    assert [(c.path, c.query) for c in fake_upstream.calls()] == [("/users/nasa", {"fields": "id"})]


def test_a_provider_declaring_a_setting_the_base_does_not_know_is_refused_at_import():
    with pytest.raises(TypeError, match="own_credential_capabilities"):
        type("Renamed", (Provider,), {"source": "x", "own_credential_capabilities": frozenset({"insights"})})

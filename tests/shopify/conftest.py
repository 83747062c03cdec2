import pytest


from credentials.services import credential_upsert
from tests.shopify.kit import PREFIX, SHOP, TOKEN


@pytest.fixture
def shop_upstream(fake_upstream, settings):
    """The fake upstream as every shop's Admin API (BEAT_SHOPIFY_BASE_URL without {shop})."""
    fake_upstream.point(settings, "BEAT_SHOPIFY_BASE_URL", prefix=PREFIX)
    return fake_upstream


@pytest.fixture
def shop_credential(db):
    return credential_upsert(source="shopify", credentials={"X-Shopify-Access-Token": TOKEN}, handle=SHOP)[0]


@pytest.fixture
def internal_port(fake_upstream, settings):
    """A local port standing for an internal service, and the production-shaped base URL that puts the
    shop into the host: what a free-text handle could reach."""
    settings.BEAT_SHOPIFY_BASE_URL = "http://{shop}/admin/api/2024-01"
    fake_upstream.route("GET", "/internal/admin", body={"secret": "internal answer"})
    return fake_upstream

"""/api/docs/ works on a machine without internet: Swagger UI comes from Beat itself, never a CDN."""
import re

import pytest

pytestmark = pytest.mark.django_db

ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["']([^"']+)["']""", re.I)


def test_the_docs_page_references_only_local_assets_and_each_is_served(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assets = ASSET.findall(html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets) and any(a.endswith(".css") for a in assets)
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html), "an asset from another host"
    assert "cdn." not in html.lower() and "unpkg" not in html.lower()
    for asset in assets:
        assert asset.startswith("/static/"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content]), asset


def test_the_schema_the_docs_page_loads_is_served_without_a_key(client):
    page = client.get("/api/docs/").content.decode()
    assert '"/api/schema/"' in page
    assert client.get("/api/schema/").status_code == 200

"""The `upstream` fixture: every Instagram source pointed at the fake upstream. A pytest plugin (see
tests/conftest.py), so tests outside tests/instagram (the bulk commands') use the same one."""
import pytest

from tests.instagram.test_providers import BASE_URLS


@pytest.fixture
def upstream(fake_upstream, settings):
    """Every Instagram upstream pointed at one fake server; Graph keeps its version prefix."""
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    fake_upstream.point(settings, *BASE_URLS)
    return fake_upstream

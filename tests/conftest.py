import pytest

pytest_plugins = ["tests.fakeupstream"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis db of REDIS_URL in tests)."""
    from django.core.cache import cache

    cache.clear()
    yield

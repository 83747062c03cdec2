import pytest

pytest_plugins = ["tests.fakeupstream"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis db of REDIS_URL in tests)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def not_built_flow(monkeypatch):
    """A flow registered as a placeholder (implemented=False), whatever the real registry holds today."""
    from beat.errors import NotImplementedYet
    from beat.flows import registry
    from beat.flows.params import schema
    from rest_framework import serializers

    def not_built(ctx, **params):
        raise NotImplementedYet("test_not_built is not implemented yet")

    entry = registry.Flow(name="test_not_built", func=not_built, platform="BEAT", queue="default",
                          params=schema("NotBuiltParams", store=serializers.CharField()), implemented=False)
    monkeypatch.setitem(registry._FLOWS, entry.name, entry)
    return entry

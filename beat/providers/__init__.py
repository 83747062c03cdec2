"""The provider base every platform provider subclasses, and the capability names."""
from beat.providers import capabilities
from beat.providers.base import Provider, RapidAPIProvider, base_url_for
from beat.providers.capabilities import CAPABILITIES
from beat.providers.reading import reading

__all__ = ["CAPABILITIES", "Provider", "RapidAPIProvider", "base_url_for", "capabilities", "reading"]

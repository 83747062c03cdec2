"""The provider base every platform provider subclasses, and the capability names."""
from beat.providers import capabilities
from beat.providers.base import Provider, RapidAPIProvider
from beat.providers.capabilities import CAPABILITIES
from beat.providers.reading import reading

__all__ = ["CAPABILITIES", "Provider", "RapidAPIProvider", "capabilities", "reading"]

"""The one upstream HTTP layer: call(), its error families and the UpstreamCall record."""
from beat.http.client import call, session
from beat.http.redact import endpoint_of, redact

__all__ = ["call", "endpoint_of", "redact", "session"]

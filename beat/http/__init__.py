"""The one upstream HTTP layer: call(), its error families and the UpstreamCall record."""
from beat.http.client import call, session, status_of
from beat.http.redact import endpoint_of, redact

__all__ = ["call", "endpoint_of", "redact", "session", "status_of"]

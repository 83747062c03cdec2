"""The one upstream HTTP layer: call(), its error families and the UpstreamCall record."""
from beat.http.client import Reply, call, exchange, session, status_of
from beat.http.record import last_answer
from beat.http.redact import endpoint_of, redact

__all__ = ["Reply", "call", "exchange", "endpoint_of", "last_answer", "redact", "session", "status_of"]

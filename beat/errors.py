"""One error family for everything a flow, a provider or the queue can raise.

`permanent` decides what the queue does: a permanent error fails the task at once, a transient one
is retried with backoff, RateLimited reschedules the task without using an attempt. NotFound and
Private are answers, not faults: flows record them on the entity's state.
"""


class BeatError(Exception):
    code = "error"
    permanent = True
    http_status = 500

    def __init__(self, message: str = "", *, details=None):
        super().__init__(message or self.__class__.__doc__ or self.code)
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        self.details = details

    def as_dict(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out


class InvalidParams(BeatError):
    """The task's params are not valid for its flow."""

    code = "invalid_params"
    http_status = 400


class InvalidRequest(BeatError):
    """A field of the request itself (not the flow's params) is not acceptable."""

    code = "invalid"
    http_status = 400


class UnknownFlow(BeatError):
    """No flow is registered under that name."""

    code = "unknown_flow"
    http_status = 404


class NotImplementedYet(BeatError):
    """This flow is registered but its platform work is not built yet."""

    code = "not_implemented"
    http_status = 501


class Forbidden(BeatError):
    """The caller may not do this (a flow it may not submit, a credential it does not own)."""

    code = "forbidden"
    http_status = 403


class QuotaExceeded(BeatError):
    """The account's quota (tasks pending at once, upstream calls per day) is used up for now."""

    code = "quota_exceeded"
    http_status = 429

    def __init__(self, message: str = "", *, retry_after: float = 60.0, details=None):
        super().__init__(message, details=details)
        self.retry_after = max(1.0, float(retry_after))


class InvalidState(BeatError):
    """The task is not in a state that allows this change."""

    code = "invalid_state"
    http_status = 409


class FlowTimeout(BeatError):
    """The flow ran past its timeout."""

    code = "timeout"


class Misconfigured(BeatError):
    """A setting or stored secret needed by this call is missing or unreadable."""

    code = "misconfigured"


class UnsafeURL(BeatError):
    """The URL points where Beat may not fetch: another scheme than http(s), an address that is not
    public (loopback, private, link-local, multicast, metadata), or too many redirects."""

    code = "unsafe_url"
    http_status = 400


# --- upstream answers (raised by the HTTP client and providers) ---


class TransportError(BeatError):
    """An upstream call did not give a usable answer."""

    code = "upstream_error"
    permanent = False
    http_status = 502

    def __init__(self, message: str = "", *, source: str = "", status: int | None = None, details=None):
        super().__init__(message, details=details)
        self.source = source
        self.status = status


class RateLimited(TransportError):
    """The upstream, or Beat's own budget for it, says to wait."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str = "", *, retry_after: float = 60.0, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = max(0.0, float(retry_after))


class AuthFailed(TransportError):
    """The credential was refused (invalid, expired, missing scope)."""

    code = "auth_failed"
    permanent = True


class NotFound(TransportError):
    """The upstream says this entity does not exist."""

    code = "not_found"
    permanent = True
    http_status = 404


class Private(TransportError):
    """The entity exists but is private."""

    code = "private"
    permanent = True


class UpstreamError(TransportError):
    """5xx, timeout or connection error: worth another try later."""

    code = "upstream_error"


class UpstreamRejected(UpstreamError):
    """The upstream refused the request itself (bad parameter, retired endpoint): asking again gives
    the same answer. Another provider may still answer, so fallback moves on."""

    code = "upstream_rejected"
    permanent = True


class BadResponse(TransportError):
    """The upstream answered with JSON Beat cannot read."""

    code = "bad_response"


class UnusableAnswer(TransportError):
    """The upstream answered, but not with what was asked, even when asked again (its replies are kept
    in details). Asking later gives the same answer, so it is permanent."""

    code = "unusable_answer"
    permanent = True


class NoProvider(TransportError):
    """No provider could serve this capability now (none configured, none with an active credential)."""

    code = "no_provider"
    permanent = True


class UnacceptableContent(TransportError):
    """The answer is not what may be stored: a content type off the allow list, or larger than the cap."""

    code = "unacceptable_content"
    permanent = True

"""Shared drf-spectacular pieces: the error answers each operation documents."""
from drf_spectacular.utils import OpenApiResponse

from beat.api.serializers import ErrorSerializer


DESCRIBED = {
    400: "Invalid request: details holds the field errors.",
    401: "No API key, or an invalid, revoked or expired one.",
    403: "Authenticated but not allowed (disabled account, a flow or credential this caller may not touch, "
         "staff without the model permission).",
    404: "Unknown, or not visible to this API key.",
    409: "The task is not in a state that allows this change.",
    413: "The body is larger than BEAT_MAX_BODY_BYTES; the message names the limit.",
    415: "The body is not JSON (application/json is the only format read).",
    429: "Over this API key's request rate or its account's quotas (quota_exceeded); see Retry-After.",
    501: "The flow is registered but not built yet (code not_implemented); nothing was queued.",
    502: "No upstream could answer now (no usable credential, an outage or an unreadable answer).",
    503: "Beat is draining.",
}


def errors(*statuses: int) -> dict:
    """{status: the one error shape} for the given statuses, plus 401 and 429 every keyed call may get."""
    wanted = sorted({*statuses, 401, 429})
    return {code: OpenApiResponse(ErrorSerializer, description=DESCRIBED[code]) for code in wanted}

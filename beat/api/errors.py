"""One error shape for every answer that is not a success: {"error": {"code", "message", "details"}}.

DRF calls exception_handler for everything raised in an API view; Django calls not_found and
server_error (beat/urls.py handler404 / handler500) for paths outside DRF.
"""
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from beat.errors import BeatError, QuotaExceeded, RateLimited
from beat.json_limits import human_size

log = logging.getLogger(__name__)


def error_body(code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


def exception_handler(exc, context):
    if isinstance(exc, BeatError):
        return _beat_error_response(exc)
    if isinstance(exc, RequestDataTooBig):  # a body without Content-Length that grew past the limit
        return too_large()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    # DRF's handler sets the WWW-Authenticate and Retry-After headers; only the body is reshaped.
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django logs it and answers through server_error
    response.data = error_body(*_describe(exc, response))
    return response


def _beat_error_response(exc: BeatError) -> Response:
    headers = {}
    if isinstance(exc, (RateLimited, QuotaExceeded)):
        headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    if exc.http_status >= 500:
        log.error("API call failed: %s %s", exc.code, exc.message)
    return Response(error_body(exc.code, exc.message, exc.details), status=exc.http_status, headers=headers)


def _describe(exc, response) -> tuple[str, str, object]:
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return "invalid", _first_message(details) or "Invalid input.", details
    if isinstance(exc, exceptions.Throttled):
        return exc.default_code, str(exc.detail), {"retry_after": exc.wait and max(1, round(exc.wait))}
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        return code, str(detail), None
    return "error", "Request failed.", None


def _first_message(details) -> str:
    """A readable one-liner: 'priority: A valid integer is required.'"""
    for field, errors in details.items():
        while isinstance(errors, dict) and errors:
            field, errors = next(iter(errors.items()))
        if isinstance(errors, list) and errors:
            errors = errors[0]
        if errors:
            return f"{field}: {errors}" if field != "non_field_errors" else str(errors)
    return ""


def too_large(size: int | None = None) -> JsonResponse:
    """413 naming the body limit (BEAT_MAX_BODY_BYTES)."""
    limit = settings.BEAT_MAX_BODY_BYTES
    said = f"The request body is {human_size(size)}; " if size else "The request body is too large; "
    return JsonResponse(error_body("too_large", f"{said}the limit is {human_size(limit)}.", {"limit_bytes": limit}),
                        status=413)


def not_found(request, exception=None):
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def server_error(request):
    return JsonResponse(error_body("server_error", "Internal server error."), status=500)

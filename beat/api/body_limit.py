"""Bodies over BEAT_MAX_BODY_BYTES are a 413 in the one error shape, naming the limit.

Django itself would answer an HTML "Bad Request (400)" page once a view reads such a body
(RequestDataTooBig); this answers before anything reads it, from the declared Content-Length.
"""
from django.conf import settings

from beat.api.errors import too_large


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > settings.BEAT_MAX_BODY_BYTES:
            return too_large(size)
        return self.get_response(request)

"""What every Instagram route shares: who may call, the platform check, input parsing, the 202 answer."""
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff
from beat.api import refresh
from beat.api.refresh import accepted, account_of, valid  # noqa: F401 (the views import them from here)
from beat.api.serializers import ErrorSerializer, TaskSerializer
from beat.api.views._docs import errors
from beat.errors import BeatError, NotFound
from beat.models import ScrapeRequestLog

SERVED = "instagram"
KNOWN = ("instagram", "youtube")  # YouTube's own routes (youtube.api.urls) come first; the rest are 404

PLATFORM = OpenApiParameter("platform", str, OpenApiParameter.PATH,
                            description="INSTAGRAM (case-insensitive). YOUTUBE has its own routes ({youtube}); "
                                        "the Instagram-only ones answer 404 for it.")
ACCEPTED = OpenApiResponse(TaskSerializer, description="The refresh task, still running (async=1, or not done "
                                                       "within the wait); poll GET /scrape_request_log/flow/{id}.")


def documented_errors(*statuses: int) -> dict:
    """The task API's error docs, plus 502 for a refresh that ended without an answer."""
    described = errors(*(code for code in statuses if code != 502))
    if 502 in statuses:
        described[502] = OpenApiResponse(ErrorSerializer, description="The refresh task failed (refresh_failed; "
                                                                      "details name the task and its error).")
    return described


class UnsupportedPlatform(BeatError):
    """This platform is not served on this route."""

    code = "unsupported_platform"
    http_status = 404


class InstagramView(APIView):
    # the one-query key check first (the hot path); staff use their admin session
    permission_classes = [IsClientOrStaff]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        platform = kwargs.get("platform")
        if platform is not None:
            check_platform(platform)


def check_platform(platform: str) -> None:
    name = platform.lower()
    if name not in KNOWN:
        raise ValidationError({"platform": [f"Unknown platform {platform!r}: INSTAGRAM or YOUTUBE."]})
    if name != SERVED:
        raise UnsupportedPlatform(f"{platform.upper()} is not served on this route yet.",
                                  details={"platform": platform.upper()})


def refreshed(request, query: dict, flow: str, params: dict, *, limits=None) -> ScrapeRequestLog:
    """Run a refresh for this request and wait for it (unless async=1): the task as it is then, still
    running (the view answers 202 with `accepted`) or ended. A refresh that found nothing is a 404."""
    task = refresh.start(flow, params, account=account_of(request), limits=limits)
    if not query["async"]:
        task = refresh.wait(task)
    if refresh.found(task, "not_found"):
        raise NotFound(f"Instagram has no {' '.join(f'{k} {v}' for k, v in params.items())}.",
                       details={**params, "state": "not_found", "scrape_id": task.pk})
    return task

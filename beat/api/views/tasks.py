"""Submit, read and change one task."""
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import CHANGE_TASKS, IsClientOrStaff, is_client, staff_may, visible_accounts
from beat.api.serializers import SubmitSerializer, TaskSerializer, UpdateSerializer
from beat.api.views._docs import errors
from beat.flows import get_flow
from beat.models import Status
from beat.queue import services
from beat.selectors import submitter_roles, visible_tasks

TAGS = ["tasks"]


class SubmitTaskView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(
        operation_id="submit_task", tags=TAGS, request=SubmitSerializer,
        summary="Enqueue a task of a flow",
        responses={201: OpenApiResponse(TaskSerializer, description="Created."),
                   200: OpenApiResponse(TaskSerializer, description="The existing task of this idempotency_key."),
                   **errors(400, 403, 404, 413, 415, 501)},
    )
    def post(self, request, flow):
        entry = get_flow(flow)  # an unknown flow is a 404 whatever the body says
        body = SubmitSerializer(data=request.data, context={"flow": entry})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        task, created = services.submit(
            entry.name, data["params"], account=_account_for(request.user, data.get("account")),
            priority=data["priority"], idempotency_key=data.get("idempotency_key") or None,
            expires_at=data.get("expires_at"), by=submitter_roles(request.user),
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(exclude=True)
    def get(self, request, flow):
        raise Http404  # /scrape_request_log/flow/abc (or -1) cannot be a task: not found, not 405


def _account_for(user, slug: str | None):
    """A key submits for its own account; staff for the account they name, or none."""
    if is_client(user):
        if slug and slug != user.account.slug:
            raise serializers.ValidationError({"account": ["An API key submits for its own account only."]})
        return user.account
    if not slug:
        return None
    account = visible_accounts(user).filter(slug=slug).first()
    if account is None:
        raise serializers.ValidationError({"account": [f"No account named {slug!r}."]})
    return account


class TaskDetailView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_task", tags=TAGS, summary="One task",
                   responses={200: TaskSerializer, **errors(404)})
    def get(self, request, task_id):
        task = get_object_or_404(visible_tasks(request.user), pk=task_id)
        if services.expire_overdue(visible_tasks(request.user).filter(pk=task.pk)):
            task.refresh_from_db()  # past its expiry: it reads EXPIRED, never as if it could still run
        return Response(TaskSerializer(task).data)


class UpdateTaskView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(
        operation_id="update_task", tags=TAGS, request=UpdateSerializer,
        summary="Change priority or expiry, cancel (status CANCELLED) or requeue (status PENDING)",
        responses={200: TaskSerializer, **errors(400, 404, 409, 413, 415)},
    )
    def post(self, request, task_id):
        task = get_object_or_404(visible_tasks(request.user), pk=task_id)
        if not is_client(request.user) and not staff_may(request.user, CHANGE_TASKS):
            raise PermissionDenied("Changing tasks needs the beat.change_scraperequestlog permission.")
        body = UpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        new_status = changes.pop("status", None)
        with transaction.atomic():  # requeue + new priority happen together or not at all
            if new_status == Status.CANCELLED:
                services.cancel(task)
            elif new_status == Status.PENDING:  # with its new expiry, if any, in the same step
                services.requeue(task, expires_at=changes.pop("expires_at", None))
            if changes:
                services.update(task, **changes, client=is_client(request.user))
        return Response(TaskSerializer(task).data)

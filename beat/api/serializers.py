"""Input and output shapes of the task API (the FastAPI Beat's keys)."""
from rest_framework import serializers

from beat.errors import UnknownFlow
from beat.flows import get_flow
from beat.models import ScrapeRequestLog, Status
from beat.queue.services import CLIENT_PRIORITY, PRIORITY

PRIORITY_RANGE = dict(min_value=PRIORITY[0], max_value=PRIORITY[1])
PRIORITY_HELP = (f"Higher runs first: {CLIENT_PRIORITY[0]}-{CLIENT_PRIORITY[1]} for an API key, "
                 f"up to {PRIORITY[1]} for staff.")


class TaskSerializer(serializers.ModelSerializer):
    """A task: one row of scrape_request_log."""

    scrape_id = serializers.IntegerField(source="pk", read_only=True)
    account = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    params = serializers.JSONField()
    data = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True, help_text="{code, message, details} of the last error.")

    class Meta:
        model = ScrapeRequestLog
        fields = ["id", "scrape_id", "flow", "platform", "params", "status", "priority", "attempts",
                  "max_attempts", "account", "data", "error", "idempotency_key", "created_at",
                  "picked_at", "scraped_at", "expires_at", "retry_at"]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    params = serializers.DictField(help_text="The flow's params; see the flow's schema.")
    flow = serializers.CharField(required=False, help_text="Optional; must equal the flow in the path.")
    priority = serializers.IntegerField(required=False, default=1, help_text=PRIORITY_HELP, **PRIORITY_RANGE)
    idempotency_key = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                                            help_text="A repeated key returns the existing task (200).")
    expires_at = serializers.DateTimeField(required=False, allow_null=True,
                                           help_text="Not started after this time (it ends EXPIRED).")
    account = serializers.SlugField(required=False, help_text="Staff only: the account to submit for.")

    def validate_flow(self, value):
        path_flow = self.context["flow"]  # the registered Flow named by the path
        try:
            same = get_flow(value).name == path_flow.name
        except UnknownFlow:
            same = False
        if not same:
            raise serializers.ValidationError(f"Must match the flow in the path ({path_flow.name!r}).")
        return value


class UpdateSerializer(serializers.Serializer):
    priority = serializers.IntegerField(required=False, help_text=PRIORITY_HELP, **PRIORITY_RANGE)
    expires_at = serializers.DateTimeField(required=False)
    status = serializers.ChoiceField(required=False, choices=[Status.CANCELLED, Status.PENDING],
                                     help_text="CANCELLED cancels a pending task; PENDING requeues an ended one.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one of priority, expires_at, status.")
        if attrs.get("status") == Status.CANCELLED and len(attrs) > 1:
            raise serializers.ValidationError("Cancelling takes no other change.")
        return attrs


class ListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=Status.choices)
    flow = serializers.CharField(required=False, max_length=100)
    size = serializers.IntegerField(required=False, min_value=1, max_value=100, help_text="Page size (default 50, at most 100).")
    page = serializers.IntegerField(required=False, min_value=1)


class TaskListSerializer(serializers.Serializer):
    """A page of tasks, newest first (the FastAPI Beat's scrape_list key)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    scrape_list = TaskSerializer(many=True)


class HeartbeatSerializer(serializers.Serializer):
    beat = serializers.BooleanField(help_text="True when serving; false while draining (503).")


class HeartbeatQuerySerializer(serializers.Serializer):
    beat = serializers.BooleanField(help_text="false drains (GET /heartbeat answers 503), true serves again.")


class _ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True, help_text="Field errors for 400; otherwise often null.")


class ErrorSerializer(serializers.Serializer):
    """Every error answer: {"error": {"code", "message", "details"}}."""

    error = _ErrorDetail()


"""GET /list_scrape_data/{account_id}: an account's tasks, newest first, one page at a time."""
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff, visible_accounts
from beat.api.serializers import ListQuerySerializer, TaskListSerializer, TaskSerializer
from beat.api.views._docs import errors
from beat.queue import services
from beat.selectors import visible_tasks

MAX_PAGE_SIZE = 100  # tasks carry their params and results: a page stays a few MB at most


class TaskPage(PageNumberPagination):
    page_size_query_param = "size"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        return Response({"count": self.page.paginator.count, "next": self.get_next_link(),
                         "previous": self.get_previous_link(), "scrape_list": data})


class AccountTaskListView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(
        operation_id="list_tasks", tags=["tasks"], summary="An account's tasks, newest first",
        parameters=[ListQuerySerializer,
                    OpenApiParameter("account_id", str, OpenApiParameter.PATH, description="The account's slug.")],
        responses={200: TaskListSerializer, **errors(400, 404)},
    )
    def get(self, request, account_id):
        account = visible_accounts(request.user).filter(slug=account_id).first()
        if account is None:
            raise Http404  # another account's slug looks exactly like an unknown one
        query = ListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tasks = visible_tasks(request.user).filter(account=account)
        services.expire_overdue(tasks)  # no PENDING past its expiry on the page
        for name in ("status", "flow"):
            if name in query.validated_data:
                tasks = tasks.filter(**{name: query.validated_data[name]})
        paginator = TaskPage()
        page = paginator.paginate_queryset(tasks.order_by("-created_at", "-id"), request, view=self)
        return paginator.get_paginated_response(TaskSerializer(page, many=True).data)

"""GET /scrape_request_log/flow/{id}/files/{key}: a report file of a task, for its account and staff.

The task is looked up among the caller's visible tasks (another account's task is a plain 404), and
the file is the one the task's own result names under `key`: a caller never names a storage path.
On S3 the answer is a redirect to a signed link expiring in LINK_SECONDS (S3 serves the file as an
attachment, as Beat does); local files are streamed by Beat.
"""
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from accounts.auth import IsClientOrStaff
from beat.api.views._docs import errors
from beat.selectors import visible_tasks

LINK_SECONDS = 300  # an S3 link lives long enough to start the download, not to be passed around


class TaskFileView(APIView):
    permission_classes = [IsClientOrStaff]

    @extend_schema(operation_id="get_task_file", tags=["tasks"], summary="Download a report file of a task",
                   responses={(200, "application/octet-stream"): OpenApiResponse(description="The file."),
                              302: OpenApiResponse(description="An expiring S3 link."), **errors(404)})
    def get(self, request, task_id, key):
        task = get_object_or_404(visible_tasks(request.user), pk=task_id)
        name = ((task.data or {}).get("files") or {}).get(key)
        if not isinstance(name, str) or not default_storage.exists(name):
            raise Http404
        filename = posixpath.basename(name)
        if hasattr(default_storage, "bucket_name"):  # django-storages' S3: a signed, expiring link
            disposition = content_disposition_header(as_attachment=True, filename=filename)
            return HttpResponseRedirect(default_storage.url(
                name, parameters={"ResponseContentDisposition": disposition}, expire=LINK_SECONDS))
        return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)

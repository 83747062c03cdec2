"""A claiming process for the racing-claims test: claims until the queue is empty, prints the ids."""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")
django.setup()

from beat.models import ScrapeRequestLog, Status  # noqa: E402
from beat.queue.claim import claim_next  # noqa: E402

name = sys.argv[1]
claimed = []
while (task := claim_next(queue="default", worker=name)) is not None:
    claimed.append(task.pk)
    ScrapeRequestLog.objects.filter(pk=task.pk).update(status=Status.COMPLETE)
print(" ".join(map(str, claimed)))

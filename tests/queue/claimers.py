"""A claiming process for the racing-claims test: claims until the queue is empty, prints the ids.

    claimers.py <worker name> [batch size]   (batches of beat_echo tasks, a quick flow)
"""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")
django.setup()

from beat.models import ScrapeRequestLog, Status  # noqa: E402
from beat.queue.claim import claim_batch  # noqa: E402

name, size = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
claimed = []
while tasks := claim_batch(queue="default", worker=name, limit=size, quick=["beat_echo"]):
    claimed += [task.pk for task in tasks]
    ScrapeRequestLog.objects.filter(pk__in=[task.pk for task in tasks]).update(status=Status.COMPLETE)
print(" ".join(map(str, claimed)))

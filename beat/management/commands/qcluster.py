"""`manage.py qcluster`: django-q2's cluster under Beat's supervision (beat.queue.supervisor).

The same command and options as django-q2's, plus: worker heartbeats, dead workers' tasks taken back
at once, a wedged cluster ended with exit code 75 (to be started again), and SIGTERM bounded by
BEAT_SHUTDOWN_GRACE.
"""
import sys

from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as DjangoQCommand

from beat.queue import supervisor


class Command(DjangoQCommand):
    help = "Start a django-q2 cluster supervised by Beat (heartbeats, wedge detection, bounded stop)."

    def handle(self, *args, **options):
        if options.get("run_once") or options.get("cluster_name"):
            return super().handle(*args, **options)
        code = supervisor.run(Cluster)
        sys.stdout.flush()
        sys.stderr.flush()
        import os

        os._exit(code)  # not sys.exit: multiprocessing's exit hooks would wait on killed children

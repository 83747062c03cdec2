"""`manage.py beat_maintenance`: the queue's maintenance process (beat.queue.maintainer).

Run one next to the clusters (`manage.py dev` starts one); several on several machines are safe.
SIGTERM or Ctrl-C stops it after the round in progress.
"""
import signal
import threading

from django.core.management.base import BaseCommand

from beat.queue.maintainer import Maintainer


class Command(BaseCommand):
    help = "Run queue maintenance: wake tasks at their retry_at, take back lost claims, expire, re-send wake-ups."

    def handle(self, *args, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        Maintainer().run(stop)

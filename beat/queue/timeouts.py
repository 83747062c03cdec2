"""Enforce a flow's timeout inside the worker: SIGALRM raises FlowTimeout in the flow's code.

django-q2 runs each task in a worker process's main thread, so the alarm reaches the flow. Where no
alarm can be set (another thread), the lease is the backstop: the task is taken back after it.
"""
import signal
import threading
from contextlib import contextmanager

from beat.errors import FlowTimeout


@contextmanager
def time_limit(seconds: float, flow: str):
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def on_alarm(signum, frame):
        raise FlowTimeout(f"{flow} ran past its timeout of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

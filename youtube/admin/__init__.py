"""YouTube in the admin: channels (with subscriber and view history and "refresh now"), videos (with
view history and "refresh now"), audience insights, comments, activities, subscriptions, snapshots.

Everything here was written by workers from upstream answers, so it is read-only: a change goes
through a task (beat.queue.services.submit), the same way the API and the commands make one.
"""
from youtube.admin import channels, logs, videos  # noqa: F401

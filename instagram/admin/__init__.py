"""Instagram in the admin: accounts (with follower history and "refresh now"), posts, stories,
comments and likes, audience insights, followers, and the raw snapshots.

Everything here was written by workers from upstream answers, so it is read-only: a change goes
through a task (beat.queue.services.submit), the same way the API and the commands make one.
"""
from instagram.admin import accounts, activity, insights, posts, snapshots  # noqa: F401

"""The YouTube flows (names and params are the FastAPI Beat's). Importing this package registers them
all (beat.flows.registry autodiscovers `youtube.flows`).

Each flow is thin: providers (which parse their own answers) through the fallback order, then the
services that store the records; each returns the core's FlowResult."""
from youtube.flows import channel_data, comments, post_type, posts, profiles, search  # noqa: F401 (register)
from youtube.reports import flows as reports  # noqa: E402,F401 (registers the eleven CSV reports)

"""The YouTube flows (names and params are the FastAPI Beat's). Importing this package registers them
all (beat.flows.registry autodiscovers `youtube.flows`).

Each flow is thin: providers (which parse their own answers) through the fallback order, then the
services that store the records; each returns the core's FlowResult."""
from beat.flows import placeholder
from youtube.flows import channel_data, comments, post_type, posts, profiles, search  # noqa: F401 (register)
from youtube.flows.params import REPORTS, YT

for _name, _params in REPORTS.items():  # the reports come with the next issue; their params are fixed
    placeholder(_name, params=_params, platform=YT, queue="reports", timeout=1800)

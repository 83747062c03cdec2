"""Registering a YouTube flow: beat.flows.flow with YouTube's platform and queue. Flows return the
core's FlowResult (beat.flows.result), whose JSON the task stores."""
from functools import partial

from beat.flows import flow

youtube_flow = partial(flow, platform="YOUTUBE", queue="youtube")

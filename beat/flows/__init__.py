"""Flows: named, registered units of work. See beat.flows.registry."""
from beat.flows.registry import (ANYONE, CREDENTIAL_MANAGERS, Flow, FlowContext, Submitter, all_flows, flow,
                                 get_flow, placeholder)
from beat.flows.result import FlowResult

__all__ = ["ANYONE", "CREDENTIAL_MANAGERS", "Flow", "FlowContext", "FlowResult", "Submitter", "all_flows", "flow",
           "get_flow", "placeholder"]

from beat.flows import echo  # noqa: E402,F401  (registers beat_echo)

"""Flows as data: load, validate and hold them as frozen dataclasses."""

from pathway_bot.flows.model import (
    END_OUTCOME,
    END_SAFEGUARDING,
    Fill,
    Flow,
    Next,
    Option,
    Question,
    Raiser,
    StartChoice,
)
from pathway_bot.flows.registry import FlowRegistry, load_flow_registry

__all__ = [
    "END_OUTCOME",
    "END_SAFEGUARDING",
    "Fill",
    "Flow",
    "FlowRegistry",
    "Next",
    "Option",
    "Question",
    "Raiser",
    "StartChoice",
    "load_flow_registry",
]

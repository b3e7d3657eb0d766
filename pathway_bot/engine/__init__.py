"""The conversation engine: pure turns over a shared state machine. No I/O, no clock, no Flask."""

from pathway_bot.engine.engine import Engines, FlowEngine, Progress, Snapshot, Step, TurnResult
from pathway_bot.engine.profile import REPORT_HARM

__all__ = ["REPORT_HARM", "Engines", "FlowEngine", "Progress", "Snapshot", "Step", "TurnResult"]

"""Compile a flow into one `transitions` machine, built once and shared by every conversation.

The machine holds no conversation: each turn hands it a throwaway cursor carrying that
conversation's state and answers, so one machine serves any number of threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from transitions import EventData, Machine

from pathway_bot.area import Geography
from pathway_bot.engine.profile import build_profile
from pathway_bot.flows.model import END_SAFEGUARDING, ENDINGS, Flow, Next

if TYPE_CHECKING:
    from transitions.core import CallbackList  # named in transitions' type stubs only

ANSWER = "answer"
REPORT_HARM_EVENT = "report_harm"


class Cursor:
    """One conversation for the length of one trigger. Never shared between turns."""

    __slots__ = ("_profile", "answers", "area", "flow", "path", "state")

    def __init__(self, flow: Flow, area: Geography, state: str, path: tuple[str, ...],
                 answers: Mapping[str, Any]):
        self.flow = flow
        self.area = area
        self.state = state
        self.path = path
        self.answers = answers
        self._profile: dict[str, Any] | None = None

    @property
    def profile(self) -> dict[str, Any]:
        if self._profile is None:
            self._profile = build_profile(self.flow, self.path, self.answers, self.area)
        return self._profile


Guard = Callable[[EventData], bool]


def _guard(step: Next) -> Guard:
    def holds(event: EventData) -> bool:
        # The model of every trigger is the turn's Cursor (see FlowEngine).
        return step.when(cast(Cursor, event.model))

    return holds


def compile_machine(flow: Flow) -> Machine:
    states = [*flow.questions, *ENDINGS]
    machine = Machine(
        model=None,
        states=states,
        initial=flow.start,
        send_event=True,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )
    for question in flow.questions.values():
        for step in question.next:
            conditions: CallbackList = [_guard(step)] if step.conditional else []
            machine.add_transition(ANSWER, question.id, step.target, conditions=conditions)
    machine.add_transition(REPORT_HARM_EVENT, list(flow.questions), END_SAFEGUARDING)
    return machine

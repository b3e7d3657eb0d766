"""Compile a flow into one `transitions` machine, built once and shared by every conversation.

The machine holds no conversation: each turn hands it a throwaway cursor carrying that
conversation's state and answers, so one machine serves any number of threads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transitions import Machine

from pathway_bot.area import Area
from pathway_bot.engine.profile import build_profile
from pathway_bot.flows.model import END_SAFEGUARDING, ENDINGS, Flow, Next

ANSWER = "answer"
REPORT_HARM_EVENT = "report_harm"


class Cursor:
    """One conversation for the length of one trigger. Never shared between turns."""

    __slots__ = ("_profile", "answers", "area", "flow", "path", "state")

    def __init__(self, flow: Flow, area: Area, state: str, path: tuple[str, ...],
                 answers: Mapping[str, Any]):
        self.flow = flow
        self.area = area
        self.state = state
        self.path = path
        self.answers = answers
        self._profile: dict | None = None

    @property
    def profile(self) -> dict:
        if self._profile is None:
            self._profile = build_profile(self.flow, self.path, self.answers, self.area)
        return self._profile


def _guard(step: Next):
    def holds(event) -> bool:
        cursor: Cursor = event.model
        return step.when(cursor)

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
            conditions = [_guard(step)] if step.conditional else []
            machine.add_transition(ANSWER, question.id, step.target, conditions=conditions)
    machine.add_transition(REPORT_HARM_EVENT, list(flow.questions), END_SAFEGUARDING)
    return machine

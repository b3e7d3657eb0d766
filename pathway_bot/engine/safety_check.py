"""The confirming question asked when a free-text answer suggests a risk.

The safety net (pathway_bot.safety) reads the words; this holds the conversation at
`safety_check` until the person says whether the words mean it, then goes on where the
questions were going. The check is part of every engine's flow that has a free-text question,
so it is a page, a path entry and an answer like any other. Pure: no scanning here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pathway_bot.flows.model import Flow, Question

SAFETY_CHECK = "safety_check"
# Where the held check keeps what it is about and where the questions go on: [kinds, state].
# Not a question id (ids have no colon), so it never meets an answer.
HELD = "safety_check:held"
HARM = "harm"  # being harmed by someone, or in danger
SELF_HARM = "self_harm"  # self-harming, or having suicidal thoughts
KINDS = (HARM, SELF_HARM)

_QUESTIONS = {kind: Question(id=SAFETY_CHECK, type="yes_no", text=f"safety_check.{kind}.text",
                             help=f"safety_check.{kind}.help") for kind in KINDS}


@dataclass(frozen=True)
class StepHelp:
    """Help to show with a step, at once: for the risk being checked, or for self-harm the
    person has told us about. The transport turns it into the area's contacts."""

    kind: str  # HARM or SELF_HARM: what the help is for
    kinds: tuple[str, ...]  # every risk noticed (harm first), so crisis help can go with harm
    respondent: str
    age: int | None  # the child's age when known, to show the contacts that fit it
    area: str = ""  # whose contacts: the conversation's area


@dataclass(frozen=True)
class HeldCheck:
    kinds: tuple[str, ...]
    resume: str  # the question (or ending) the conversation goes on to after the check

    @property
    def kind(self) -> str:
        return self.kinds[0]

    def to_answer(self) -> list[Any]:
        return [list(self.kinds), self.resume]

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> HeldCheck | None:
        held = answers.get(HELD)
        return None if held is None else cls(tuple(held[0]), held[1])


def checked_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    unknown = set(kinds) - set(KINDS)
    if not kinds or unknown:
        raise ValueError(f"a safety check is about one or more of {KINDS}, not {sorted(unknown)}")
    return tuple(kinds)


def with_safety_check(flow: Flow) -> Flow:
    """The flow with the confirming question, if any of its answers is free text."""
    if not any(question.type == "text" for question in flow.questions.values()):
        return flow
    return replace(flow, questions={**flow.questions, SAFETY_CHECK: _QUESTIONS[HARM]})


def safety_check_question(held: HeldCheck | None) -> Question:
    """The confirming question in the words for what was noticed."""
    return _QUESTIONS[held.kind if held else HARM]


def asked_question(flow: Flow, answers: Mapping[str, Any], question_id: str) -> Question:
    """A question on the path as it was put to the person."""
    if question_id == SAFETY_CHECK:
        return safety_check_question(HeldCheck.from_answers(answers))
    return flow.questions[question_id]


def fill_from_safety_check(profile: dict[str, Any], answers: Mapping[str, Any]) -> None:
    """A "yes" fills the profile for what was asked: harm by others, or self-harm."""
    held = HeldCheck.from_answers(answers)
    if held is not None and answers.get(SAFETY_CHECK) is True:
        profile["risk_of_harm" if held.kind == HARM else "self_harm"] = True

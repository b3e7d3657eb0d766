"""Options a flow takes from the local area (`options_from`) rather than listing them.

Resolved once, when a flow version's engine is built: the area is data too, so a flow need
not repeat its districts, and cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pathway_bot.area import Area
from pathway_bot.errors import FlowError
from pathway_bot.flows.model import Flow, Option, Question


def _districts(area: Area) -> tuple[Option, ...]:
    return tuple(Option(value=district.id, label=district.name) for district in area.districts)


# What `options_from` may name, and how each is read from the area.
AREA_OPTIONS: dict[str, Callable[[Area], tuple[Option, ...]]] = {
    "area.districts": _districts,
}


def with_area_options(flow: Flow, area: Area) -> Flow:
    """The flow with every `options_from` question given its options from the area."""
    if all(question.options_from is None for question in flow.questions.values()):
        return flow
    questions = {qid: _with_options(flow, question, area)
                 for qid, question in flow.questions.items()}
    return replace(flow, questions=questions)


def _with_options(flow: Flow, question: Question, area: Area) -> Question:
    if question.options_from is None:
        return question
    options_of = AREA_OPTIONS.get(question.options_from)
    if options_of is None:
        raise FlowError(f"{flow.source}: question {question.id} takes its options from "
                        f"{question.options_from!r}, which the area does not have; use one "
                        f"of {sorted(AREA_OPTIONS)}")
    return replace(question, options=options_of(area))
